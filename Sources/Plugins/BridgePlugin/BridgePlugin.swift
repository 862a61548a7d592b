public import CNISkel
public import CNISpec
import PluginKit

/// `bridge`: containers on a Linux bridge through veth pairs, addresses from an IPAM plugin;
/// a drop-in for the reference plugin.
public struct BridgePlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI bridge plugin (swift-cni)" }

    public var knownArgs: Set<String> { BridgeConfig.knownArgs }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try BridgeConfig(request)
        return .v1(try BridgeAdd(config: config, request: request).run())
    }

    /// DEL: the container's interface (which takes the host end with it), then the addresses,
    /// even when the namespace or the interface is already gone.
    public func delete(_ request: PluginRequest) throws {
        let config = try BridgeConfig(request)
        if let namespaces = try PluginNamespaces.openForDelete(containerPath: request.netns) {
            _ = try VethPair.delete(containerName: request.interfaceName, namespaces: namespaces)
        }
        if !config.ipamType.isEmpty { _ = try request.delegate(.delete, to: config.ipamType) }
    }

    public func check(_ request: PluginRequest) throws {
        let config = try BridgeConfig(request)
        try BridgeCheck(config: config, request: request).run()
    }

    /// GC and STATUS go to the IPAM plugin, which holds the only state that outlives containers.
    public func garbageCollect(_ request: PluginRequest) throws {
        let config = try BridgeConfig(request)
        if !config.ipamType.isEmpty { _ = try request.delegate(.garbageCollect, to: config.ipamType) }
    }

    public func status(_ request: PluginRequest) throws {
        let config = try BridgeConfig(request)
        if !config.ipamType.isEmpty { _ = try request.delegate(.status, to: config.ipamType) }
    }
}
