import CNISkel
import CNISpec
import NetAddress
import Netlink
import NetlinkCodec
import PluginKit

/// CHECK: what ADD reported is still true: the bridge and its MAC, the container interface, its
/// MAC and that it is a veth whose peer is on the bridge, every address and route. The IPAM
/// plugin checks its lease.
struct BridgeCheck {
    let config: BridgeConfig
    let request: PluginRequest

    func run() throws {
        guard let previous = try request.prevResult() else {
            throw CNIError(.invalidNetworkConfig, "Required prevResult missing")
        }
        let result = try previous.asCurrent()
        if !config.ipamType.isEmpty { _ = try request.delegate(.check, to: config.ipamType) }
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        do {
            try check(result, namespaces: namespaces)
        } catch let error as NetlinkError {
            throw CNIError(error, "check")
        }
    }

    private func check(_ result: Result100, namespaces: PluginNamespaces) throws {
        let bridge = try namespaces.host.link(named: config.bridgeName)
        guard case .bridge? = bridge.info?.kind else {
            throw CNIError(.internal, "\(config.bridgeName) is not a bridge")
        }
        if let expected = result.interfaces.first(where: { $0.name == config.bridgeName })?.mac,
           bridge.macAddress?.description != expected {
            throw CNIError(.internal, "Bridge interface \(config.bridgeName) Mac doesn't match: \(expected)")
        }
        guard let containerIndex = result.interfaces.firstIndex(where: {
            $0.name == request.interfaceName && $0.sandbox == request.netns
        }) else {
            throw CNIError(.internal, "interface \(request.interfaceName) not found in the result")
        }
        let container = try namespaces.containerNetlink.link(named: request.interfaceName)
        if let expected = result.interfaces[containerIndex].mac, container.macAddress?.description != expected {
            throw CNIError(.internal, "Interface \(request.interfaceName) Mac \(container.macAddress?.description ?? "none") doesn't match: \(expected)")
        }
        guard case .veth? = container.info?.kind else {
            throw CNIError(.internal, "Error: Container interface \(request.interfaceName) not of type veth")
        }
        // The peer's index, in the host namespace, must be a port of the bridge.
        let peerIndex = try namespaces.containerNetlink.vethPeerIndex(of: .index(container.index))
        let peer = try namespaces.host.link(.index(peerIndex))
        guard peer.masterIndex == bridge.index else {
            throw CNIError(.internal, "veth peer \(peer.name ?? "\(peerIndex)") of \(request.interfaceName) is not on \(config.bridgeName)")
        }
        let present = try namespaces.containerNetlink.addresses(of: .index(container.index)).compactMap(\.prefix)
        for ip in result.ips where ip.interface == containerIndex {
            guard present.contains(ip.address) else {
                throw CNIError(.internal, "Failed to match addr \(ip.address) on interface \(request.interfaceName)")
            }
        }
        let routes = try namespaces.containerNetlink.routes()
        for route in result.routes {
            let matched = routes.contains { candidate in
                candidate.destinationPrefix == route.destination.network
                    && (route.gateway == nil || candidate.gateway == route.gateway)
            }
            guard matched else {
                throw CNIError(.internal, "Failed to match route \(route.destination) via \(route.gateway?.description ?? "-") on \(request.interfaceName)")
            }
        }
    }
}
