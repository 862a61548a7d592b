public import CNISkel
public import CNISpec
public import PluginKit

/// `macvlan`: the container gets a macvlan on a host interface (its own MAC, bridged by the
/// kernel with the master's traffic), addresses from an IPAM plugin or none (layer 2 only);
/// a drop-in for the reference plugin.
public struct MacvlanPlugin: CNIPlugin, IPAMHeldState {
    public init() {}

    public var about: String { "CNI macvlan plugin (swift-cni)" }

    public var knownArgs: [String] { MacvlanConfig.knownArgs }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try MacvlanConfig(request)
        return .v1(try MacvlanAdd(config: config, request: request).run())
    }

    /// DEL: the addresses, then the container's interface, each tolerating what is already
    /// gone. Unlike the reference v1.1.1, DEL does not need the master to exist any more.
    public func delete(_ request: PluginRequest) throws {
        let config = MacvlanDeleteConfig(request.config)
        try IPAMAllocation.forward(.delete, request, ipamType: config.ipamType)
        try ContainerLink.delete(interfaceName: request.interfaceName, containerPath: request.netns)
    }

    public func check(_ request: PluginRequest) throws {
        let config = try MacvlanConfig(request)
        try MacvlanCheck(config: config, request: request).run()
    }
}
