public import CNISkel
public import CNISpec
public import PluginKit

/// `ipvlan`: the container gets an ipvlan on a host interface (sharing its MAC; layer 2, 3 or
/// 3s), addresses from an IPAM plugin or, chained, from the previous plugin; a drop-in for the
/// reference plugin.
public struct IPVlanPlugin: CNIPlugin, IPAMHeldState {
    public init() {}

    public var about: String { "CNI ipvlan plugin (swift-cni)" }

    /// The reference never reads `CNI_ARGS`, so no key may fail a call.
    public func knownArgs(for command: CNICommand) -> [String]? { nil }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try IPVlanConfig(request)
        return .v1(try IPVlanAdd(config: config, request: request).run())
    }

    /// DEL: the addresses (when IPAM is configured), then the container's interface, each
    /// tolerating what is already gone.
    public func delete(_ request: PluginRequest) throws {
        let config = IPVlanDeleteConfig(request.config)
        try IPAMAllocation.forward(.delete, request, ipamType: config.ipamType)
        try ContainerLink.delete(interfaceName: request.interfaceName, containerPath: request.netns)
    }

    public func check(_ request: PluginRequest) throws {
        let config = try IPVlanConfig(request)
        try IPVlanCheck(config: config, request: request).run()
    }
}
