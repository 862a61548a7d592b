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
        let replaced = ours.map(\.0)
        let kept = base.filter { entry in
            guard let name = variableName(entry) else { return true }
            return !replaced.contains(name)
        }
        return kept + ours.map { "\($0.0)=\($0.1)" }
    }
}

// Environments hold dozens of entries and every plugin call reads and rewrites one, so these
// work on UTF-8 bytes: `String.firstIndex(of:)` and `hasPrefix` compare grapheme clusters, which
// cost cnitool a quarter of its instructions per `add` (callgrind).

/// The name of a `KEY=VALUE` entry, or `nil` without `=`.
func variableName(_ entry: String) -> String? {
    guard let equals = entry.utf8.firstIndex(of: UInt8(ascii: "=")) else { return nil }
    return String(entry[..<equals])
}

/// The value of `entry` if it is `key=VALUE`.
func variableValue(_ entry: String, key: String) -> Substring? {
    var entryBytes = entry, keyBytes = key
    let matches = entryBytes.withUTF8 { entryUTF8 in
        keyBytes.withUTF8 { keyUTF8 in
            entryUTF8.count > keyUTF8.count && entryUTF8[keyUTF8.count] == UInt8(ascii: "=")
                && entryUTF8[..<keyUTF8.count].elementsEqual(keyUTF8)
        }
    }
    guard matches else { return nil }
    return entry[entry.utf8.index(entry.utf8.startIndex, offsetBy: key.utf8.count + 1)...]
}

/// Replaces (or adds) one variable in a `KEY=VALUE` environment.
public func environment(_ base: [String], setting key: String, to value: String) -> [String] {
    base.filter { variableValue($0, key: key) == nil } + ["\(key)=\(value)"]
}

/// The value of one variable in a `KEY=VALUE` environment (the last one wins, as for `getenv`
/// after Go's `dedupEnv`).
public func environmentValue(_ base: [String], _ key: String) -> String? {
    for entry in base.reversed() {
        if let value = variableValue(entry, key: key) { return String(value) }
    }
    return nil
}
