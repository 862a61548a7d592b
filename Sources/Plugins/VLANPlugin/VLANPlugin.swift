public import CNISkel
public import CNISpec
import PluginKit

/// `vlan`: the container gets an 802.1Q link on a host interface, addresses from an IPAM
/// plugin; a drop-in for the reference plugin.
public struct VLANPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI vlan plugin (swift-cni)" }

    /// The reference never reads `CNI_ARGS`, so no key may fail a call.
    public func knownArgs(for command: CNICommand) -> Set<String>? { nil }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try VLANConfig(request)
        return .v1(try VLANAdd(config: config, request: request).run())
    }

    /// DEL: the addresses, then the container's interface, each tolerating what is already gone.
    public func delete(_ request: PluginRequest) throws {
        let config = try VLANConfig(request)
        if !config.ipamType.isEmpty { _ = try request.delegate(.delete, to: config.ipamType) }
        try ContainerLink.delete(interfaceName: request.interfaceName, containerPath: request.netns)
    }

    public func check(_ request: PluginRequest) throws {
        let config = try VLANConfig(request)
        try VLANCheck(config: config, request: request).run()
    }

    /// GC and STATUS go to the IPAM plugin, which holds the only state that outlives containers.
    /// They read nothing else of the configuration, as the reference does: a configuration ADD
    /// would refuse must not stop leases from being collected.
    public func garbageCollect(_ request: PluginRequest) throws {
        let ipamType = request.config.ipamType
        if !ipamType.isEmpty { _ = try request.delegate(.garbageCollect, to: ipamType) }
    }

    public func status(_ request: PluginRequest) throws {
        let ipamType = request.config.ipamType
        if !ipamType.isEmpty { _ = try request.delegate(.status, to: ipamType) }
    }
}
