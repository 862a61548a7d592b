public import CNISkel
public import CNISpec
public import PluginKit

/// `vlan`: the container gets an 802.1Q link on a host interface, addresses from an IPAM
/// plugin; a drop-in for the reference plugin.
public struct VLANPlugin: CNIPlugin, IPAMHeldState {
    public init() {}

    public var about: String { "CNI vlan plugin (swift-cni)" }

    /// The reference never reads `CNI_ARGS`, so no key may fail a call.
    public func knownArgs(for command: CNICommand) -> [String]? { nil }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try VLANConfig(request)
        return .v1(try VLANAdd(config: config, request: request).run())
    }

    /// DEL: the addresses, then the container's interface, each tolerating what is already gone.
    public func delete(_ request: PluginRequest) throws {
        let config = VLANDeleteConfig(request.config)
        try IPAMAllocation.forward(.delete, request, ipamType: config.ipamType)
        try ContainerLink.delete(interfaceName: request.interfaceName, containerPath: request.netns)
    }

    public func check(_ request: PluginRequest) throws {
        let config = try VLANConfig(request)
        try VLANCheck(config: config, request: request).run()
    }
}
