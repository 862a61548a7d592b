public import CNISkel
public import CNISpec
import PluginKit

/// `bridge`: containers on a Linux bridge through veth pairs, addresses from an IPAM plugin;
/// a drop-in for the reference plugin.
public struct BridgePlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI bridge plugin (swift-cni)" }

    public var knownArgs: [String] { BridgeConfig.knownArgs }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try BridgeConfig(request)
        return .v1(try BridgeAdd(config: config, request: request).run())
    }

    /// DEL: the container's interface (which takes the host end with it), then the addresses,
    /// then the attachment's nftables rules, even when the namespace or the interface is already
    /// gone (the rules are named after the attachment, not found through the interface). Only
    /// what DEL needs is read from the configuration (``BridgeDeleteConfig``).
    public func delete(_ request: PluginRequest) throws {
        let config = BridgeDeleteConfig(request.config)
        if let namespaces = try PluginNamespaces.openForDelete(containerPath: request.netns) {
            _ = try VethPair.delete(containerName: request.interfaceName, namespaces: namespaces)
        }
        if !config.ipamType.isEmpty { _ = try request.delegate(.delete, to: config.ipamType) }
        let masquerade = config.ipMasquerade && !config.ipamType.isEmpty
        if masquerade || config.macSpoofCheck {
            let failures = try BridgeFirewall(request).tearDown(masquerade: masquerade, spoofCheck: config.macSpoofCheck)
            if !failures.isEmpty { throw CNIError(.internal, "failed to remove rules: " + failures.joined(separator: "; ")) }
        }
    }

    public func check(_ request: PluginRequest) throws {
        let config = try BridgeConfig(request)
        try BridgeCheck(config: config, request: request).run()
    }

    /// GC: masquerade rules of attachments the runtime no longer lists, then the IPAM plugin's
    /// leases. (Spoof-check rules are not named after the network, so GC cannot tell whose they are.)
    public func garbageCollect(_ request: PluginRequest) throws {
        let config = try BridgeConfig(request)
        if config.ipMasquerade { try BridgeFirewall(request).collectMasqueradeGarbage() }
        if !config.ipamType.isEmpty { _ = try request.delegate(.garbageCollect, to: config.ipamType) }
    }

    /// STATUS goes to the IPAM plugin.
    public func status(_ request: PluginRequest) throws {
        let config = try BridgeConfig(request)
        if !config.ipamType.isEmpty { _ = try request.delegate(.status, to: config.ipamType) }
    }
}
