import CNISkel
import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// CHECK, as the reference does it: the IPAM plugin checks its lease; the container interface of
/// `prevResult` exists in this namespace, is a veth with the recorded MAC, and carries every
/// address, each with a route to its subnet; every route of the result is present.
struct PTPCheck {
    let config: PTPConfig
    let request: PluginRequest

    func run() throws {
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        if !config.ipamType.isEmpty { _ = try request.delegate(.check, to: config.ipamType) }
        guard let previous = try request.prevResult() else {
            throw CNIError(.invalidNetworkConfig, "ptp: Required prevResult missing")
        }
        let result = try previous.asCurrent()
        let (_, expected) = try ContainerStateCheck.containerInterface(in: result, request: request)
        let netlink = namespaces.containerNetlink
        let link: Link
        do {
            guard let found = try netlink.linkIfPresent(.name(expected.name)) else {
                throw CNIError(.internal, "ptp: Container Interface name in prevResult: \(expected.name) not found")
            }
            link = found
        } catch let error as NetlinkError {
            throw CNIError(error, "look up \(expected.name)")
        }
        guard case .veth? = link.info?.kind else {
            throw CNIError(.internal, "Error: Container interface \(expected.name) not of type veth/p2p")
        }
        if let mac = expected.mac, !mac.isEmpty, link.macAddress?.description != mac {
            throw CNIError(.internal, "ptp: Interface \(expected.name) Mac \(mac) doesn't match container Mac: \(link.macAddress?.description ?? "")")
        }
        try ContainerStateCheck.expectAddresses(result.ips, on: link, netlink: netlink)
        try ContainerStateCheck.expectRoutes(result.routes, netlink: netlink)
    }
}
