public import CNISkel
public import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// `tap`: a tap device in the container's namespace (for a VM's network card), optionally on a
/// bridge there, optionally with addresses from IPAM. A drop-in for the reference plugin.
public struct TapPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI tap plugin (swift-cni)" }

    public var knownArgs: [String] { TapConfig.knownArgs }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        .v1(try TapAdd(config: try TapConfig(request.config, args: request.args), request: request).run())
    }

    /// DEL: the addresses first, as the reference does, then the device. A missing namespace or
    /// device is not an error.
    public func delete(_ request: PluginRequest) throws {
        let config = TapDeleteConfig(request.config)
        try IPAMAllocation.forward(.delete, request, ipamType: config.ipamType)
        guard let namespaces = try PluginNamespaces.openForDelete(containerPath: request.netns) else { return }
        do {
            guard let link = try namespaces.containerNetlink.linkIfPresent(.name(request.interfaceName)) else { return }
            try namespaces.containerNetlink.deleteLink(.index(link.index))
        } catch where error.code == .notFound {
            return
        } catch {
            throw CNIError(error, "failed to delete \(request.interfaceName)")
        }
    }

    public func check(_ request: PluginRequest) throws {
        try TapCheck(config: try TapConfig(request.config, args: request.args), request: request).run()
    }

    /// GC and STATUS go to the IPAM plugin, which holds the only state that outlives containers.
    public func garbageCollect(_ request: PluginRequest) throws {
        try IPAMAllocation.forward(.garbageCollect, request, ipamType: try TapConfig(request.config, args: request.args).ipamType)
    }

    public func status(_ request: PluginRequest) throws {
        try IPAMAllocation.forward(.status, request, ipamType: try TapConfig(request.config, args: request.args).ipamType)
    }
}
