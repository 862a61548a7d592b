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
        let attachment = try ContainerStateCheck.attachment(request, ipamType: config.ipamType)
        let masterNetlink = ContainerLink.masterNetlink(attachment.namespaces, inContainer: config.linkInContainer)
        _ = try ContainerLink.master(named: config.master, netlink: masterNetlink)

        let (name, link) = (attachment.expected.name, attachment.link)
        try ContainerStateCheck.expectKind("vlan", of: attachment)
        try ContainerStateCheck.expectMAC(of: attachment)
        guard case .vlan(let options)? = link.info?.kind, options.id == config.vlanID else {
            var actual = "unknown"
            if case .vlan(let options)? = link.info?.kind { actual = "\(options.id)" }
            throw CNIError(.internal, "Error: link \(name) has VLAN ID \(actual), configured \(config.vlanID)")
        }
        if let mtu = config.mtu, link.mtu != mtu {
            throw CNIError(
                .internal, "Error: configured MTU of \(name) is \(mtu), current value is \(link.mtu.map { "\($0)" } ?? "unknown")")
        }
        try ContainerStateCheck.expectAddressesAndRoutes(of: attachment)
    }
}
