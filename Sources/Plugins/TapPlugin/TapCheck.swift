import CNISkel
import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// CHECK, as the reference does it: the IPAM plugin checks its lease; `prevResult` names the
/// interface in this namespace, which carries every address, and every route is present.
struct TapCheck {
    let config: TapConfig
    let request: PluginRequest

    func run() throws {
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        if !config.ipamType.isEmpty { _ = try request.delegate(.check, to: config.ipamType) }
        guard let previous = try request.prevResult() else {
            throw CNIError(.invalidNetworkConfig, "Required prevResult missing")
        }
        let result = try previous.asCurrent()
        let (_, expected) = try ContainerStateCheck.containerInterface(in: result, request: request)
        let link: Link
        do {
            link = try namespaces.containerNetlink.link(named: expected.name)
        } catch {
            throw CNIError(error, "look up \(expected.name)")
        }
        try ContainerStateCheck.expectAddresses(result.ips, on: link, netlink: namespaces.containerNetlink)
        try ContainerStateCheck.expectRoutes(result.routes, netlink: namespaces.containerNetlink)
    }
}
