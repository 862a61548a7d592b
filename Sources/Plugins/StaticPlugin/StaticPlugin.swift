public import CNISkel
public import CNISpec

/// `static`: returns the addresses, routes and DNS settings given in its configuration (or by
/// the runtime), a drop-in for the reference plugin. Nothing is allocated, so DEL has nothing
/// to undo; CHECK compares the configured addresses with the previous result.
public struct StaticPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI static IPAM plugin (swift-cni)" }

    /// `IP`: comma-separated addresses in CIDR notation; `GATEWAY`: comma-separated gateways,
    /// each applied to the `IP` addresses whose subnet contains it.
    public var knownArgs: [String] { ["IP", "GATEWAY"] }

    /// DEL reads nothing, so unknown `CNI_ARGS` keys do not fail it (as in the reference).
    public func knownArgs(for command: CNICommand) -> [String]? { command == .delete ? nil : knownArgs }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try StaticConfig(config: request.config, args: request.args)
        return .v1(config.result(version: request.version))
    }

    public func check(_ request: PluginRequest) throws {
        try Check(request: request).run()
    }

    public func delete(_ request: PluginRequest) throws {
        // Nothing was allocated. Like the reference, do not even read the configuration, so a
        // DEL always succeeds.
    }
}
