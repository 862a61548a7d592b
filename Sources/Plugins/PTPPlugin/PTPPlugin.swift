public import CNISkel
public import CNISpec
import PluginKit

/// `ptp`: a veth pair per container with the host as the container's router: the container's
/// addresses come from IPAM and everything leaves through the host end, which holds the
/// gateway addresses. A drop-in for the reference plugin.
public struct PTPPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI ptp plugin (swift-cni)" }

    /// The reference does not read `CNI_ARGS`; keys there are for the IPAM plugin.
    public func knownArgs(for command: CNICommand) -> [String]? { nil }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try PTPConfig(request.config)
        return .v1(try PTPAdd(config: config, request: request).run())
    }

    /// DEL: the addresses first, as the reference does, the masquerade rules (even without the
    /// namespace), then the container's end of the pair
    /// (which takes the host end and its routes with it). A missing namespace or interface is
    /// not an error. Only what DEL needs is read from the configuration (``PTPDeleteConfig``).
    public func delete(_ request: PluginRequest) throws {
        let config = PTPDeleteConfig(request.config)
        try IPAMAllocation.forward(.delete, request, ipamType: config.ipamType)
        if config.ipMasquerade { try AttachmentMasquerade(request).tearDown() }
        if let namespaces = try PluginNamespaces.openForDelete(containerPath: request.netns) {
            _ = try VethPair.delete(containerName: request.interfaceName, namespaces: namespaces)
        }
    }

    public func check(_ request: PluginRequest) throws {
        let config = try PTPConfig(request.config)
        try PTPCheck(config: config, request: request).run()
    }

    /// GC: masquerade rules of attachments the runtime no longer lists, then the IPAM plugin's
    /// leases. STATUS goes to the IPAM plugin, which holds the only state that outlives containers.
    public func garbageCollect(_ request: PluginRequest) throws {
        let config = try PTPConfig(request.config)
        if config.ipMasquerade { try AttachmentMasquerade(request).collectGarbage() }
        try IPAMAllocation.forward(.garbageCollect, request, ipamType: config.ipamType)
    }

    public func status(_ request: PluginRequest) throws {
        try IPAMAllocation.forward(.status, request, ipamType: try PTPConfig(request.config).ipamType)
    }
}
