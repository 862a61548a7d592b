import CNISkel
import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// ADD: an ipvlan on the master, created straight into the container's namespace, with the
/// addresses from IPAM, or in a chain without IPAM those of the previous result. Every step
/// registers its undo.
struct IPVlanAdd {
    let config: IPVlanConfig
    let request: PluginRequest

    func run() throws -> Result100 {
        let previous = try request.prevResult()?.asCurrent()
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        let rollback = Rollback()
        defer { rollback.runUnlessCommitted() }

        let masterNetlink = ContainerLink.masterNetlink(namespaces, inContainer: config.linkInContainer)
        let masterName: String
        if !config.master.isEmpty {
            masterName = config.master
        } else if let previous {
            masterName = try IPVlanConfig.chainedMaster(previous)
        } else {
            masterName = try ContainerLink.defaultRouteInterface(netlink: masterNetlink)
        }
        let master = try ContainerLink.master(named: masterName, netlink: masterNetlink)
        // Addresses come from IPAM, or in a chain from the previous plugin.
        let reusesPrevious = config.ipamType.isEmpty && !(previous?.ips.isEmpty ?? true)
        if config.ipamType.isEmpty && !reusesPrevious {
            throw CNIError(.invalidNetworkConfig, "\"ipam\" is required unless prevResult carries addresses")
        }

        let (mode, mtu) = (config.mode, config.mtu)
        let (interface, link) = try ContainerLink.create(
            kind: "ipvlan", interfaceName: request.interfaceName, namespaces: namespaces,
            masterInContainer: config.linkInContainer
        ) { (netlink, name, target) throws(NetlinkError) in
            try netlink.addIPVlan(named: name, parent: .index(master.index), mode: mode, mtu: mtu, namespace: target, txQueueLength: 0)
        }
        rollback.add("delete \(request.interfaceName)") { try namespaces.containerNetlink.deleteLink(.index(link.index)) }

        var result: Result100
        if reusesPrevious, let previous {
            result = previous
            ContainerAddressing.assignToFirstInterface(&result)
        } else {
            result = try IPAMAllocation.add(request, ipamType: config.ipamType, interfaceIndex: 0, rollback: rollback)
        }
        result.cniVersion = .current
        result.interfaces = [interface]
        try ContainerAddressing.configure(result, interfaceName: request.interfaceName, namespaces: namespaces, announce: true)
        result.dns = config.dns ?? DNS()
        rollback.commit()
        return result
    }
}
