import CNISkel
import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// ADD: an 802.1Q link on the master, created straight into the container's namespace, with
/// the addresses and routes from IPAM. Every step registers its undo.
struct VLANAdd {
    let config: VLANConfig
    let request: PluginRequest

    func run() throws -> Result100 {
        try config.requireIPAM()
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        let rollback = Rollback()
        defer { rollback.runUnlessCommitted() }

        let masterNetlink = ContainerLink.masterNetlink(namespaces, inContainer: config.linkInContainer)
        let master = try ContainerLink.master(named: config.master, netlink: masterNetlink)
        try ContainerLink.validateMTU(config.mtu, master: master)

        let (id, mtu) = (config.vlanID, config.mtu)
        let (interface, link) = try ContainerLink.create(
            kind: "vlan", interfaceName: request.interfaceName, namespaces: namespaces,
            masterInContainer: config.linkInContainer
        ) { (netlink, name, target) throws(NetlinkError) in
            try netlink.addVLAN(named: name, parent: .index(master.index), id: id, mtu: mtu, namespace: target, txQueueLength: 0)
        }
        rollback.add("delete \(request.interfaceName)") { try namespaces.containerNetlink.deleteLink(.index(link.index)) }

        var result = try IPAMAllocation.add(request, ipamType: config.ipamType, interfaceIndex: 0, rollback: rollback)
        result.cniVersion = .current
        result.interfaces = [interface]
        // The reference turns on no address announcements for vlan.
        try ContainerAddressing.configure(result, interfaceName: request.interfaceName, namespaces: namespaces, announce: false)
        result.dns = config.dns ?? DNS()
        rollback.commit()
        return result
    }
}
