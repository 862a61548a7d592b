import CNISkel
import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// ADD: a dummy link made inside the container's namespace, with the addresses and routes from
/// IPAM. Every step registers its undo.
struct DummyAdd {
    let config: DummyConfig
    let request: PluginRequest

    func run() throws -> Result100 {
        try config.requireIPAM()
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        let rollback = Rollback()
        defer { rollback.runUnlessCommitted() }
        let name = request.interfaceName
        let netlink = namespaces.containerNetlink
        let link: Link
        do {
            if try netlink.linkIfPresent(.name(name)) != nil {
                throw CNIError(.internal, "container interface name provided (\(name)) already exists")
            }
            try netlink.addDummy(named: name)  // ip link add NAME type dummy, inside the container
            link = try netlink.link(named: name)
        } catch let error as NetlinkError {
            throw CNIError(error, "failed to create dummy \(name)")
        }
        rollback.add("delete \(name)") { try netlink.deleteLink(.index(link.index)) }

        var result = try ContainerAddressing.allocate(request, ipamType: config.ipamType, rollback: rollback)
        result.cniVersion = .current
        result.interfaces = [Interface(name: name, mac: link.macAddress?.description, sandbox: request.netns)]
        try ContainerAddressing.configure(result, interfaceName: name, namespaces: namespaces, announce: false)
        if let dns = config.dns { result.dns = dns }
        rollback.commit()
        return result
    }
}
