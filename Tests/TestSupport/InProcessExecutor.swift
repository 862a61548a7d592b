import CNISkel
import CNISpec
import PluginExec
import Synchronization

/// A plugin executor that runs plugins in this process through the real dispatcher, so runtime
/// and delegation tests exercise the whole protocol (environment, stdin, stdout, exit status)
/// without building or spawning binaries.
public final class InProcessExecutor: PluginExecutor, Sendable {
    /// One recorded call.
    public struct Call: Sendable {
        public var plugin: String
        public var command: String
        public var environment: [String]
        public var stdin: JSONValue
    }

    private let plugins: [String: any CNIPlugin]
    private let recorded = Mutex<[Call]>([])

    /// Plugins by type name.
    public init(_ plugins: [String: any CNIPlugin]) { self.plugins = plugins }

    /// Every call so far, in order.
    public var calls: [Call] { recorded.withLock { $0 } }

    public func findPlugin(named name: String, in paths: [String]) throws(CNIError) -> String {
        guard plugins[name] != nil else {
            throw CNIError(.internal, "failed to find plugin \"\(name)\" in path [\(paths.joined(separator: " "))]")
        }
        return "/in-process/\(name)"
    }

    public func run(pluginAt path: String, stdin: [UInt8], environment: [String]) throws(CNIError) -> [UInt8] {
        let name = String(path.split(separator: "/").last ?? "")
        guard let plugin = plugins[name] else { throw CNIError(.internal, "no plugin at \(path)") }
        let call = Call(
            plugin: name, command: environmentValue(environment, "CNI_COMMAND") ?? "", environment: environment,
            stdin: (try? JSONParser.parse(stdin)) ?? .null)
        recorded.withLock { $0.append(call) }
        let output = PluginDispatcher(executor: self).run(plugin, input: PluginInput(environment: environment, stdin: stdin))
        if output.exitCode == 0 { return output.stdout }
        guard let json = try? JSONParser.parse(output.stdout), let error = CNIError(json: json) else {
            throw CNIError(.internal, "plugin \(name) failed without an error result")
        }
        throw error
    }
}
