import CNISkel
import CNISpec
import NetAddress
import Netlink
import NetlinkCodec
import PluginKit

/// ADD: a macvlan on the master, created straight into the container's namespace, then with
/// IPAM its addresses and routes (announced with gratuitous ARP / unsolicited NA), or without
/// IPAM just brought up (layer 2 only). Every step registers its undo.
struct MacvlanAdd {
    let config: MacvlanConfig
    let request: PluginRequest

    func run() throws -> Result100 {
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        let rollback = Rollback()
        defer { rollback.runUnlessCommitted() }

        let masterNetlink = ContainerLink.masterNetlink(namespaces, inContainer: config.linkInContainer)
        let masterName = config.master.isEmpty
            ? try ContainerLink.defaultRouteInterface(netlink: masterNetlink) : config.master
        let master = try ContainerLink.master(named: masterName, netlink: masterNetlink)
        try ContainerLink.validateMTU(config.mtu, master: master)

        let (mode, mtu, mac) = (config.mode, config.mtu, config.mac)
        let (interface, link) = try ContainerLink.create(
            kind: "macvlan", interfaceName: request.interfaceName, namespaces: namespaces,
            masterInContainer: config.linkInContainer
        ) { (netlink, name, target) throws(NetlinkError) in
            try netlink.addMacvlan(
                named: name, parent: .index(master.index), mode: mode, mtu: mtu, macAddress: mac, namespace: target, txQueueLength: 0)
        }
        rollback.add("delete \(request.interfaceName)") { try namespaces.containerNetlink.deleteLink(.index(link.index)) }

        var result = Result100(cniVersion: .current, interfaces: [interface])
        if !config.ipamType.isEmpty {
            let allocated = try IPAMAllocation.add(request, ipamType: config.ipamType, interfaceIndex: 0, rollback: rollback)
            result.ips = allocated.ips
            result.routes = allocated.routes
            try ContainerAddressing.configure(
                result, interfaceName: request.interfaceName, namespaces: namespaces, announce: true)
        } else {
            do {
                try namespaces.containerNetlink.setLinkUp(.index(link.index))
            } catch {
                throw CNIError(error, "failed to set \(request.interfaceName) up")
            }
        }
        result.dns = config.dns ?? DNS()
        rollback.commit()
        return result
    }
}
