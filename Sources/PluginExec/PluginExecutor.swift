public import CNISpec
import LinuxSystem

/// Finds and runs plugin binaries. A protocol, so that runtime and skel tests can substitute an
/// in-process fake; ``ProcessPluginExecutor`` runs real programs.
public protocol PluginExecutor: Sendable {
    /// The path of the plugin named `name` in the first directory of `paths` that has it.
    func findPlugin(named name: String, in paths: [String]) throws(CNIError) -> String

    /// Runs a plugin and returns its stdout. A plugin that fails is reported as the CNI error it
    /// printed, or as code 999 with its stderr when it printed none.
    func run(pluginAt path: String, stdin: [UInt8], environment: [String]) throws(CNIError) -> [UInt8]
}

extension PluginExecutor {
    /// Go's `invoke.FindInPath`: the name must be non-empty and contain no `/`; the file must be
    /// a regular file.
    public func findPlugin(named name: String, in paths: [String]) throws(CNIError) -> String {
        if name.isEmpty { throw CNIError(.invalidNetworkConfig, "no plugin name provided") }
        if name.contains("/") { throw CNIError(.invalidNetworkConfig, "invalid plugin name: \(name)") }
        if paths.isEmpty { throw CNIError(.invalidEnvironment, "no paths provided", details: "CNI_PATH is empty") }
        for directory in paths where !directory.isEmpty {
            let candidate = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if FileSystem.isExecutableFile(candidate) { return candidate }
        }
        throw CNIError(.internal, "failed to find plugin \"\(name)\" in path [\(paths.joined(separator: " "))]")
    }
}

/// Runs plugins as child processes.
public struct ProcessPluginExecutor: PluginExecutor {
    /// Seconds a plugin may run before it is killed; `nil` for no limit.
    public var timeout: Double?
    /// Where to copy a plugin's stderr (a file descriptor), or `nil` to drop it.
    public var stderrDescriptor: Int32?

    /// Creates an executor.
    public init(timeout: Double? = nil, stderrDescriptor: Int32? = 2) {
        self.timeout = timeout
        self.stderrDescriptor = stderrDescriptor
    }

    public func run(pluginAt path: String, stdin: [UInt8], environment: [String]) throws(CNIError) -> [UInt8] {
        let output: ProcessRunner.Output
        do {
            output = try ProcessRunner.run(path, environment: environment, stdin: stdin, timeout: timeout)
        } catch {
            throw CNIError(.internal, "failed to run plugin \(path): \(error)")
        }
        if let fd = stderrDescriptor, !output.stderr.isEmpty {
            try? FileDescriptor(borrowing: fd).writeAll(output.stderr)
        }
        if output.succeeded { return output.stdout }
        throw Self.pluginFailure(path: path, output: output, timeout: timeout)
    }

    /// The error for a failed run, as Go's `RawExec.pluginErr` builds it.
    static func pluginFailure(path: String, output: ProcessRunner.Output, timeout: Double?) -> CNIError {
        if output.termination == .timedOut {
            let seconds = timeout.map { "\($0)" } ?? "?"
            return CNIError(.internal, "plugin \(path) timed out after \(seconds) s and was killed")
        }
        let stderrText = String(decoding: output.stderr, as: UTF8.self)
        if output.stdout.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            if stderrText.isEmpty {
                return CNIError(.internal, "netplugin failed with no error message: \(output.termination)")
            }
            return CNIError(.internal, "netplugin failed: \"\(stderrText)\": \(output.termination)")
        }
        guard let json = try? JSONParser.parse(output.stdout), let error = CNIError(json: json) else {
            let stdoutText = String(decoding: output.stdout.prefix(4096), as: UTF8.self)
            return CNIError(.internal,
                            "netplugin failed but error parsing its diagnostic message \"\(stdoutText)\"")
        }
        return error
    }
}
