import CNIRuntime
import CNISpec
import LinuxSystem
import PluginExec

/// What cnitool reads from its environment, as Go's cnitool reads it.
struct ToolEnvironment {
    let variables: [String]

    init() { variables = ProcessEnvironment.current }

    func value(_ key: String) -> String? {
        guard let value = environmentValue(variables, key), !value.isEmpty else { return nil }
        return value
    }

    var configDirectory: ConfigDirectory { ConfigDirectory(path: value("NETCONFPATH") ?? "/etc/cni/net.d") }

    var runtime: NetworkRuntime {
        let path = (value("CNI_PATH") ?? "").split(separator: ":").map(String.init)
        let timeout = value("CNI_TIMEOUT").flatMap(Double.init) ?? 60
        // Plugins inherit our environment except the CNI_* variables each call sets.
        let inherited = variables.filter { !$0.hasPrefix("CNI_") && !$0.hasPrefix("CAP_ARGS=") }
        return NetworkRuntime(
            pluginPath: path, cache: ResultCache(directory: value("CNI_CACHE_DIR") ?? "/var/lib/cni"),
            executor: ProcessPluginExecutor(timeout: timeout), environment: inherited)
    }

    func interfaceName(_ option: String?) -> String { option ?? value("CNI_IFNAME") ?? "eth0" }

    /// `CNI_ARGS` as pairs.
    func args() throws -> [CNIArgs.Pair] { try CNIToolConventions.parseArgs(value("CNI_ARGS") ?? "") }

    /// `CAP_ARGS` as an object.
    func capabilityArgs() throws -> JSONObject {
        guard let text = value("CAP_ARGS") else { return JSONObject() }
        guard case .object(let object) = try JSONParser.parse(text) else {
            throw CNIError(.invalidEnvironment, "CAP_ARGS must be a JSON object")
        }
        return object
    }

    /// The network by name: from the configuration directory, else the embedded default.
    func network(named name: String) throws -> NetworkConfigList {
        do {
            return try configDirectory.network(named: name)
        } catch {
            if name == DefaultNetwork.name { return try DefaultNetwork.configList() }
            throw error
        }
    }

    /// The attachment for a namespace path, with Go cnitool's derived container ID.
    func attachment(netns: String, interfaceName: String?) throws -> RuntimeAttachment {
        let absolute = Self.absolutePath(netns)
        return RuntimeAttachment(
            containerID: CNIToolConventions.containerID(netnsPath: absolute), netns: absolute,
            interfaceName: self.interfaceName(interfaceName), args: try args(), capabilityArgs: try capabilityArgs())
    }

    /// Go's `filepath.Abs`: joined to the working directory if relative, then cleaned.
    static func absolutePath(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") { full = (WorkingDirectory.current ?? "/") + "/" + path }
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// Prints to stdout.
func printOutput(_ text: String) {
    try? FileDescriptor(borrowing: 1).writeAll(Array(text.utf8))
}

/// Prints to stderr.
func printError(_ text: String) {
    try? FileDescriptor(borrowing: 2).writeAll(Array(text.utf8))
}
