import CNISkel
import CNISpec
import NetNS
import Netlink
import NetlinkCodec
import PluginKit

/// ADD: the host link moves into the container under `CNI_IFNAME`, remembering its host name in
/// its alias (which DEL reads), comes up, and gets addresses from IPAM if the configuration has
/// one. A device bound to a userspace driver is only reported. A failure part-way moves the
/// link back under its own name (the reference leaves it in the container).
struct HostDeviceAdd {
    let config: HostDeviceConfig
    let request: PluginRequest
    let lookup: HostDeviceLookup

    func run() throws -> Result100 {
        let userspace = try config.pciAddress.map { (address) throws(CNIError) in
            try lookup.isBoundToUserspaceDriver(pciAddress: address)
        } ?? false
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        let rollback = Rollback()
        defer { rollback.runUnlessCommitted() }

        var result = Result100(cniVersion: .current)
        if !userspace {
            result.interfaces = [try moveIn(namespaces: namespaces, rollback: rollback)]
        }
        guard !config.ipamType.isEmpty else {
            rollback.commit()
            return result
        }
        let allocated = try IPAMAllocation.add(request, ipamType: config.ipamType, interfaceIndex: 0, rollback: rollback)
        result.ips = allocated.ips
        result.routes = allocated.routes
        if !userspace {
            try InterfaceConfiguration.apply(
                result, to: request.interfaceName, in: namespaces.container, netlink: namespaces.containerNetlink)
        }
        result.dns = config.dns
        rollback.commit()
        return result
    }

    /// Moves the link in, renamed in the same request, records its host name as its alias and
    /// brings it up. A container interface of the name asked for is an error before anything
    /// moves.
    private func moveIn(namespaces: PluginNamespaces, rollback: Rollback) throws(CNIError) -> Interface {
        let hostLink = try lookup.find(config.selector, netlink: namespaces.host)
        let hostName = hostLink.name ?? ""
        let name = request.interfaceName
        let hostNamespace: NetworkNamespace
        do {
            hostNamespace = try NetworkNamespace.current()
        } catch {
            throw CNIError(netns: error)
        }
        let netlink = namespaces.containerNetlink
        let nameTaken: Bool
        let hostNameTaken: Bool
        do {
            nameTaken = try netlink.linkIfPresent(.name(name)) != nil
            hostNameTaken = try netlink.linkIfPresent(.name(hostName)) != nil
        } catch {
            throw CNIError(error, "look up \(name) in the container")
        }
        if nameTaken {
            throw CNIError(.internal, "failed to move link \(hostName): the container already has an interface named \(name)")
        }
        do {
            try namespaces.host.moveLink(.index(hostLink.index), to: namespaces.container, newName: name)
        } catch {
            // The kernel may have moved the link and then failed to rename it (a name that
            // appeared meanwhile): a link of the host name that was not there before is ours.
            if !hostNameTaken, (try? netlink.linkIfPresent(.name(hostName))) != nil {
                try? netlink.moveLink(.name(hostName), to: hostNamespace)
            }
            throw CNIError(error, "failed to move link \(hostName) into the container as \(name)")
        }
        rollback.add("move \(name) back to the host as \(hostName)") {
            try? netlink.setLinkDown(.name(name))
            try netlink.moveLink(.name(name), to: hostNamespace, newName: hostName)
        }
        do {
            try netlink.setAlias(hostName, of: .name(name))
            try netlink.setLinkUp(.name(name))
            let link = try netlink.link(named: name)
            return Interface(name: name, mac: link.macAddress?.description, sandbox: request.netns)
        } catch {
            throw CNIError(error, "failed to set up \(name) (host device \(hostName))")
        }
    }
}
