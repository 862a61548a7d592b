public import CNISpec

/// The `CNI_*` variables of one plugin call.
public struct PluginCallArguments: Sendable, Hashable {
    public var command: CNICommand
    public var containerID: String
    public var netns: String
    public var interfaceName: String
    /// `CNI_ARGS` text.
    public var args: String
    /// `CNI_PATH` directories.
    public var path: [String]

    public init(command: CNICommand, containerID: String = "", netns: String = "", interfaceName: String = "",
                args: String = "", path: [String] = []) {
        self.command = command
        self.containerID = containerID
        self.netns = netns
        self.interfaceName = interfaceName
        self.args = args
        self.path = path
    }

    /// The child's environment: `base` without any `CNI_*` variables we set, then ours.
    public func environment(base: [String]) -> [String] {
        let ours: [(String, String)] = [
            ("CNI_COMMAND", command.rawValue),
            ("CNI_CONTAINERID", containerID),
            ("CNI_NETNS", netns),
            ("CNI_ARGS", args),
            ("CNI_IFNAME", interfaceName),
            ("CNI_PATH", path.joined(separator: ":")),
        ]
        let replaced = Set(ours.map(\.0))
        let kept = base.filter { entry in
            guard let equals = entry.firstIndex(of: "=") else { return true }
            return !replaced.contains(String(entry[..<equals]))
        }
        return kept + ours.map { "\($0.0)=\($0.1)" }
    }
}

/// Replaces (or adds) one variable in a `KEY=VALUE` environment.
public func environment(_ base: [String], setting key: String, to value: String) -> [String] {
    base.filter { !$0.hasPrefix(key + "=") } + ["\(key)=\(value)"]
}

/// The value of one variable in a `KEY=VALUE` environment (the last one wins, as for `getenv`
/// after Go's `dedupEnv`).
public func environmentValue(_ base: [String], _ key: String) -> String? {
    base.last(where: { $0.hasPrefix(key + "=") }).map { String($0.dropFirst(key.count + 1)) }
}
