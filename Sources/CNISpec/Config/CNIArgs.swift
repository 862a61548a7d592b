/// The `CNI_ARGS` variable: `KEY=VALUE` pairs separated by `;`.
///
/// A plugin states which keys it understands; any other key is an error unless the runtime
/// passed `IgnoreUnknown=1` (or `true`), as with Go's `types.LoadArgs`.
public struct CNIArgs: Sendable, Hashable {
    /// The pairs in order.
    public var pairs: [Pair]

    /// One `KEY=VALUE` pair.
    public struct Pair: Sendable, Hashable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// No arguments.
    public init() { pairs = [] }

    /// Pairs given directly.
    public init(_ pairs: [Pair]) { self.pairs = pairs }

    /// Parses the variable's text. Each pair must contain exactly one `=`.
    public init(parsing text: String) throws(CNIError) {
        pairs = []
        guard !text.isEmpty else { return }
        for pair in text.split(separator: ";", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw CNIError(.invalidEnvironment, "CNI_ARGS: invalid pair \"\(pair)\"")
            }
            pairs.append(Pair(key: String(parts[0]), value: String(parts[1])))
        }
    }

    /// The value of the last pair with this key (keys are case-sensitive, as Go's field names).
    public subscript(key: String) -> String? {
        pairs.last(where: { $0.key == key })?.value
    }

    /// Whether `IgnoreUnknown` is set to `1` or `true` (any case).
    public var ignoresUnknown: Bool {
        guard let value = self["IgnoreUnknown"]?.lowercased() else { return false }
        return value == "1" || value == "true"
    }

    /// Checks that every key is known to the plugin, unless unknown keys are to be ignored.
    /// `IgnoreUnknown` itself is always known; its value must be a boolean.
    public func validate(knownKeys: [String]) throws(CNIError) {
        if let flag = self["IgnoreUnknown"], !["1", "0", "true", "false"].contains(flag.lowercased()) {
            throw CNIError(.invalidEnvironment, "CNI_ARGS: invalid boolean \"\(flag)\" for IgnoreUnknown")
        }
        let unknown = pairs.filter { $0.key != "IgnoreUnknown" && !knownKeys.contains($0.key) }
        if !unknown.isEmpty && !ignoresUnknown {
            let list = unknown.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            throw CNIError(.invalidEnvironment, "CNI_ARGS: unknown args [\(list)]",
                           details: "set IgnoreUnknown=1 to ignore them")
        }
    }

    /// The text form, `K=V;K=V`.
    public var text: String { pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ";") }
}
