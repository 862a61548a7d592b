import CNISpec
public import PluginExec
import LinuxSystem

/// What a plugin process receives: its environment and its stdin.
public struct PluginInput: Sendable {
    /// `KEY=VALUE` strings.
    public var environment: [String]
    /// The bytes read from stdin.
    public var stdin: [UInt8]
    /// Why stdin could not be read (too large, an I/O error), if it could not.
    public var stdinFailure: String?

    public init(environment: [String], stdin: [UInt8], stdinFailure: String? = nil) {
        self.environment = environment
        self.stdin = stdin
        self.stdinFailure = stdinFailure
    }
}

/// What a plugin process writes and how it exits.
public struct PluginOutput: Sendable, Equatable {
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var exitCode: Int32
}

/// The plugin framework ("skel"): validates the environment and configuration, answers VERSION,
/// checks version compatibility, runs the plugin's operation and turns its outcome into output.
public struct PluginDispatcher: Sendable {
    /// Configurations larger than this are refused (code 5) rather than parsed.
    public static let stdinLimit = 16 << 20

    /// Runs delegated plugins.
    public var executor: any PluginExecutor

    public init(executor: any PluginExecutor = ProcessPluginExecutor()) {
        self.executor = executor
    }

    /// Handles one invocation of `plugin`.
    public func run(_ plugin: some CNIPlugin, input: PluginInput) -> PluginOutput {
        var configVersion: String?
        do {
            let outcome = try dispatch(plugin, input: input, configVersion: &configVersion)
            return PluginOutput(stdout: outcome.stdout, stderr: outcome.stderr, exitCode: 0)
        } catch {
            let cniError = CNIError.wrapping(error)
            let body = cniError.jsonValue(cniVersion: configVersion ?? CNIVersion.current.rawValue)
            return PluginOutput(stdout: JSONSerializer.serialize(body, style: .indented), stderr: [], exitCode: 1)
        }
    }

    private func dispatch(_ plugin: some CNIPlugin, input: PluginInput, configVersion: inout String?) throws
        -> (stdout: [UInt8], stderr: [UInt8])
    {
        let env = input.environment
        let commandText = environmentValue(env, "CNI_COMMAND") ?? ""
        if commandText.isEmpty {
            // Run by hand: say what this is instead of failing, as Go's skel does.
            let versions = plugin.supportedVersions.map(\.rawValue).joined(separator: ", ")
            let text = "\(plugin.about)\nCNI protocol versions supported: \(versions)\n"
            return ([], Array(text.utf8))
        }
        guard let command = CNICommand(rawValue: commandText) else {
            throw CNIError(.invalidEnvironment, "unknown CNI_COMMAND: \(commandText)")
        }
        if command == .version {
            let info = PluginVersionInfo(
                cniVersion: CNIVersion.current.rawValue, supportedVersions: plugin.supportedVersions.map(\.rawValue))
            return (JSONSerializer.serialize(info.jsonValue), [])
        }
        let variables = try EnvironmentVariables(env, command: command)
        if let failure = input.stdinFailure {
            throw CNIError(.ioFailure, "error reading from stdin: \(failure)",
                           details: "configurations are limited to \(Self.stdinLimit) bytes")
        }
        if input.stdin.count > Self.stdinLimit {
            throw CNIError(.ioFailure, "error reading from stdin: configuration larger than \(Self.stdinLimit) bytes")
        }
        let config = try Self.configuration(input.stdin)
        configVersion = config.cniVersionString.isEmpty ? nil : config.cniVersionString
        try NameValidation.validateNetworkName(config.name)
        let version = try Self.reconcile(config.cniVersionString, plugin: plugin, command: command)
        let args = try CNIArgs(parsing: variables.args)
        if let known = plugin.knownArgs(for: command) { try args.validate(knownKeys: known) }
        if command == .add || command == .delete || command == .check {
            try Self.refuseOwnNamespace(variables)
        }
        let request = PluginRequest(
            command: command, containerID: variables.containerID, netns: variables.netns,
            interfaceName: variables.interfaceName, args: args, path: variables.path, config: config,
            version: version, environment: env, executor: executor)
        switch command {
        case .add:
            let result = try plugin.add(request).converted(to: version)
            return (JSONSerializer.serialize(result.jsonValue, style: .indented), [])
        case .check: try plugin.check(request)
        case .delete: try plugin.delete(request)
        case .garbageCollect: try plugin.garbageCollect(request)
        case .status: try plugin.status(request)
        case .version: break
        }
        return ([], [])
    }

    /// The configuration from stdin. JSON `null` is an invalid configuration (code 7), as in the
    /// reference (Go decodes `null` into an empty configuration, then finds no network name);
    /// other JSON that is not an object, and text that is not JSON, fail to decode (code 6).
    static func configuration(_ stdin: [UInt8]) throws(CNIError) -> NetworkConfig {
        // Only a document starting with `n` can be `null`: the common case parses once.
        if stdin.first(where: { !Self.jsonWhitespace.contains($0) }) == UInt8(ascii: "n"), (try? JSONParser.parse(stdin)) == .null {
            throw CNIError(.invalidNetworkConfig, "missing network name: the configuration is null, not an object")
        }
        return try NetworkConfig(bytes: stdin)
    }

    /// JSON's insignificant whitespace: space, tab, line feed, carriage return.
    private static let jsonWhitespace: [UInt8] = [0x20, 0x09, 0x0A, 0x0D]

    /// The configuration's version, if the plugin supports it and it allows the command.
    static func reconcile(_ text: String, plugin: some CNIPlugin, command: CNICommand) throws(CNIError) -> CNIVersion {
        guard let version = CNIVersion(parsing: text), plugin.supportedVersions.contains(version) else {
            let supported = plugin.supportedVersions.map(\.rawValue).joined(separator: " ")
            throw CNIError(.incompatibleVersion, "incompatible CNI versions",
                           details: "config is \"\(text)\", plugin supports [\(supported)]")
        }
        if !version.supports(command) {
            throw CNIError(.incompatibleVersion, "config version does not allow \(command)",
                           details: "\(command) needs cniVersion \(command.minimumVersion) or later, config is \(version)")
        }
        return version
    }

    /// ADD, CHECK and DEL must not target the plugin's own namespace (that would reconfigure the
    /// host), unless `CNI_NETNS_OVERRIDE` says so.
    static func refuseOwnNamespace(_ variables: EnvironmentVariables) throws(CNIError) {
        guard !variables.netns.isEmpty, !variables.netnsOverride else { return }
        guard let target = try? FileIdentity(path: variables.netns),
              let own = try? FileIdentity(path: "/proc/self/ns/net"), target == own else { return }
        throw CNIError(.invalidEnvironment, "CNI_NETNS: \(variables.netns) is the plugin's own network namespace",
                       details: "set CNI_NETNS_OVERRIDE=1 if this is intended")
    }
}
