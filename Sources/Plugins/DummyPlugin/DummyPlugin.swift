public import CNISkel
public import CNISpec
import NetlinkCodec
public import PluginKit

/// `dummy`: a dummy link in the container carrying addresses from an IPAM plugin (for
/// addresses a container must own without any traffic path, such as a service address).
/// Follows upstream's dummy plugin, which Debian's v1.1.1 does not ship.
public struct DummyPlugin: CNIPlugin, IPAMHeldState {
    public init() {}

    public var about: String { "CNI dummy plugin (swift-cni)" }

    /// Upstream never reads `CNI_ARGS`, so no key may fail a call.
    public func knownArgs(for command: CNICommand) -> [String]? { nil }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try DummyConfig(request)
        return .v1(try DummyAdd(config: config, request: request).run())
    }

    /// DEL: the addresses, then the link, each tolerating what is already gone.
    public func delete(_ request: PluginRequest) throws {
        let config = DummyDeleteConfig(request.config)
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
}
