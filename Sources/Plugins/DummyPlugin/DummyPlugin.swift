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
        try IPAMAllocation.forward(.delete, request, ipamType: config.ipamType)
        try ContainerLink.delete(interfaceName: request.interfaceName, containerPath: request.netns)
    }

    /// CHECK: the lease, and the link ADD reported: a dummy, its MAC, up, its addresses and routes.
    public func check(_ request: PluginRequest) throws {
        let config = try DummyConfig(request)
        try config.requireIPAM()
        let attachment = try ContainerStateCheck.attachment(request, ipamType: config.ipamType)
        try ContainerStateCheck.expectKind("dummy", of: attachment)
        try ContainerStateCheck.expectMAC(of: attachment)
        guard attachment.link.isUp else { throw CNIError(.internal, "Interface \(attachment.expected.name) is down") }
        try ContainerStateCheck.expectAddressesAndRoutes(of: attachment)
    }

    /// GC and STATUS go to the IPAM plugin, which holds the only state that outlives containers.
    /// They read nothing else of the configuration, as the reference does: a configuration ADD
    /// would refuse must not stop leases from being collected.
    public func garbageCollect(_ request: PluginRequest) throws {
        try IPAMAllocation.forward(.garbageCollect, request, ipamType: request.config.ipamType)
    }

    public func status(_ request: PluginRequest) throws {
        try IPAMAllocation.forward(.status, request, ipamType: request.config.ipamType)
    }
}
