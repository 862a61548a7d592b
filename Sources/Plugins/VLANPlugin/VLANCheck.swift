import CNISkel
import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// CHECK: the IPAM plugin's lease, the master, and the container's VLAN link as ADD reported
/// it: its kind, MAC, VLAN ID and configured MTU, its addresses and routes.
struct VLANCheck {
    let config: VLANConfig
    let request: PluginRequest

    func run() throws {
        try config.requireIPAM()
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        _ = try request.delegate(.check, to: config.ipamType)
        let result = try ContainerCheck.previousResult(request)
        let interface = try ContainerCheck.containerInterface(in: result, request: request)
        let masterNetlink = ContainerLink.masterNetlink(namespaces, inContainer: config.linkInContainer)
        _ = try ContainerLink.master(named: config.master, netlink: masterNetlink)

        let link = try ContainerCheck.link(for: interface, kind: "vlan", netlink: namespaces.containerNetlink)
        guard case .vlan(let options)? = link.info?.kind, options.id == config.vlanID else {
            var actual = "unknown"
            if case .vlan(let options)? = link.info?.kind { actual = "\(options.id)" }
            throw CNIError(.internal, "Error: link \(interface.name) has VLAN ID \(actual), configured \(config.vlanID)")
        }
        if let mtu = config.mtu, link.mtu != mtu {
            throw CNIError(
                .internal, "Error: configured MTU of \(interface.name) is \(mtu), current value is \(link.mtu.map { "\($0)" } ?? "unknown")")
        }
        try ContainerCheck.validateAddressesAndRoutes(result, link: link, netlink: namespaces.containerNetlink)
    }
}
