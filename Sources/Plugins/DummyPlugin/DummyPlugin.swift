public import CNISkel
public import CNISpec
import NetlinkCodec
import PluginKit

/// `dummy`: a dummy link in the container carrying addresses from an IPAM plugin (for
/// addresses a container must own without any traffic path, such as a service address).
/// Follows upstream's dummy plugin, which Debian's v1.1.1 does not ship.
public struct DummyPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI dummy plugin (swift-cni)" }

    /// Upstream never reads `CNI_ARGS`, so no key may fail a call.
    public func knownArgs(for command: CNICommand) -> Set<String>? { nil }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try DummyConfig(request)
        return .v1(try DummyAdd(config: config, request: request).run())
    }

    /// DEL: the addresses, then the link, each tolerating what is already gone.
    public func delete(_ request: PluginRequest) throws {
        let config = try DummyConfig(request)
        if !config.ipamType.isEmpty { _ = try request.delegate(.delete, to: config.ipamType) }
        try ContainerLink.delete(interfaceName: request.interfaceName, containerPath: request.netns)
    }

    /// CHECK: the lease, and the link ADD reported: a dummy, its MAC, up, its addresses and routes.
    public func check(_ request: PluginRequest) throws {
        let config = try DummyConfig(request)
        try config.requireIPAM()
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        _ = try request.delegate(.check, to: config.ipamType)
        let result = try ContainerCheck.previousResult(request)
        let interface = try ContainerCheck.containerInterface(in: result, request: request)
        let link = try ContainerCheck.link(for: interface, kind: "dummy", netlink: namespaces.containerNetlink)
        guard link.isUp else { throw CNIError(.internal, "Interface \(interface.name) is down") }
        try ContainerCheck.validateAddressesAndRoutes(result, link: link, netlink: namespaces.containerNetlink)
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
