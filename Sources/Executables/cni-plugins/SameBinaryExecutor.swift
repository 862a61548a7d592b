import CNISkel
import CNISpec
import LinuxSystem
import PluginExec

/// Runs a delegated plugin (the IPAM plugin a bridge calls) inside this process when the binary
/// found on `CNI_PATH` is this very binary: a link to cni-plugins. The plugin code is the same
/// either way, and plugins keep no process state, so the only difference is the 1–2 ms a new
/// process would cost. Any other binary (a Go plugin, another build of ours) is spawned.
struct SameBinaryExecutor: PluginExecutor {
    let spawner: ProcessPluginExecutor

    init(spawner: ProcessPluginExecutor = ProcessPluginExecutor()) {
        self.spawner = spawner
    }

    /// This executable's identity, to recognise links to it; looked up only when a plugin
    /// delegates, not at every start. The path the kernel names, not `stat("/proc/self/exe")`:
    /// both give this binary's inode, but under valgrind only the link's text is this binary
    /// (stat would see valgrind), and the release link order is profiled under valgrind
    /// (Scripts/symbol-order.sh).
    private static func ownIdentity() -> FileIdentity? {
        let executable = FileSystem.linkTarget("/proc/self/exe") ?? "/proc/self/exe"
        return try? FileIdentity(path: executable)
    }

    func run(pluginAt path: String, stdin: [UInt8], environment: [String]) throws(CNIError) -> [UInt8] {
        let name = String(path.split(separator: "/").last ?? "")
        guard let identity = try? FileIdentity(path: path), identity == Self.ownIdentity(),
              let delegate = plugin(named: name) else {
            return try spawner.run(pluginAt: path, stdin: stdin, environment: environment)
        }
        let output = PluginDispatcher(executor: self).run(delegate, input: PluginInput(environment: environment, stdin: stdin))
        if !output.stderr.isEmpty { try? FileDescriptor(borrowing: 2).writeAll(output.stderr) }
        if output.exitCode == 0 { return output.stdout }
        guard let json = try? JSONParser.parse(output.stdout), let error = CNIError(json: json) else {
            throw CNIError(.internal, "\(name) failed without an error result")
        }
        throw error
    }
}
