public import CNISpec
public import PluginExec

/// Everything a plugin gets for one call, validated by the dispatcher.
public struct PluginRequest: Sendable {
    /// The command being run.
    public var command: CNICommand
    /// `CNI_CONTAINERID` (empty for GC and STATUS).
    public var containerID: String
    /// `CNI_NETNS`: a path to the container's network namespace (may be empty for DEL).
    public var netns: String
    /// `CNI_IFNAME`.
    public var interfaceName: String
    /// `CNI_ARGS`, parsed.
    public var args: CNIArgs
    /// `CNI_PATH` directories.
    public var path: [String]
    /// The configuration from stdin.
    public var config: NetworkConfig
    /// The configuration's version (supported by the plugin).
    public var version: CNIVersion
    /// The process environment, for delegating to other plugins.
    public var environment: [String]
    /// Runs delegated plugins (IPAM).
    public var executor: any PluginExecutor

    public init(command: CNICommand, containerID: String, netns: String, interfaceName: String, args: CNIArgs,
                path: [String], config: NetworkConfig, version: CNIVersion, environment: [String],
                executor: any PluginExecutor) {
        self.command = command
        self.containerID = containerID
        self.netns = netns
        self.interfaceName = interfaceName
        self.args = args
        self.path = path
        self.config = config
        self.version = version
        self.environment = environment
        self.executor = executor
    }

    /// The configuration's `prevResult`, parsed as its version.
    public func prevResult() throws(CNIError) -> AnyCNIResult? {
        try config.prevResult(version: version)
    }

    /// The configuration decoded as the plugin's own type.
    public func decodeConfig<T: Decodable>(_ type: T.Type) throws(CNIError) -> T {
        try config.decode(type)
    }

    /// Calls another plugin with the same environment and configuration bytes but `command`,
    /// as plugins call their IPAM plugin (Go's `invoke.DelegateAdd` and friends).
    public func delegate(_ command: CNICommand, to type: String, config: [UInt8]? = nil) throws(CNIError)
        -> AnyCNIResult?
    {
        let calls = PluginCalls(executor: executor)
        let pluginPath = try executor.findPlugin(named: type, in: path)
        let childEnvironment = PluginExec.environment(environment, setting: "CNI_COMMAND", to: command.rawValue)
        let stdin = config ?? self.config.bytes
        if command == .add {
            return try calls.callWithResult(pluginAt: pluginPath, config: stdin, environment: childEnvironment)
        }
        try calls.callWithoutResult(pluginAt: pluginPath, config: stdin, environment: childEnvironment)
        return nil
    }
}
