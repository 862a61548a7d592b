import CNISkel
import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// CHECK, as the reference does it: the IPAM plugin checks its lease; the interface of
/// `prevResult` is in this namespace with the recorded MAC, with every address and route.
struct HostDeviceCheck {
    let config: HostDeviceConfig
    let request: PluginRequest
    let lookup: HostDeviceLookup

    func run() throws {
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        if !config.ipamType.isEmpty { _ = try request.delegate(.check, to: config.ipamType) }
        guard let previous = try request.prevResult() else {
            throw CNIError(.invalidNetworkConfig, "Required prevResult missing")
        }
        let result = try previous.asCurrent()
        if let address = config.pciAddress, try lookup.isBoundToUserspaceDriver(pciAddress: address) { return }
        let (_, expected) = try ContainerStateCheck.containerInterface(in: result, request: request)
        let netlink = namespaces.containerNetlink
        let link: Link
        do {
            guard let found = try netlink.linkIfPresent(.name(expected.name)) else {
                throw CNIError(.internal, "Container Interface name in prevResult: \(expected.name) not found")
            }
            link = found
        } catch let error as NetlinkError {
            throw CNIError(error, "look up \(expected.name)")
        }
        if let mac = expected.mac, !mac.isEmpty, link.macAddress?.description != mac {
            throw CNIError(.internal, "Interface \(expected.name) Mac \(mac) doesn't match container Mac: \(link.macAddress?.description ?? "")")
        }
        try ContainerStateCheck.expectAddresses(result.ips, on: link, netlink: netlink)
        try ContainerStateCheck.expectRoutes(result.routes, netlink: netlink)
    }
}
