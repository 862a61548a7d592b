import CNISkel
import CNISpec
import NetNS
import Netlink
import NetlinkCodec
import PluginKit

/// DEL: the addresses are released, then the link goes back to the host under the name its
/// alias recorded. The kernel drops a link's addresses when it changes namespace, so it returns
/// without the container's. Already done (no namespace, no such link) is success.
struct HostDeviceDelete {
    let config: HostDeviceDeleteConfig
    let request: PluginRequest
    let lookup: HostDeviceLookup

    func run() throws {
        try IPAMAllocation.forward(.delete, request, ipamType: config.ipamType)
        // A device whose PCI address no longer resolves is not bound to a userspace driver now.
        if let address = config.pciAddress, (try? lookup.isBoundToUserspaceDriver(pciAddress: address)) == true { return }
        guard let namespaces = try PluginNamespaces.openForDelete(containerPath: request.netns) else { return }
        let name = request.interfaceName
        let netlink = namespaces.containerNetlink
        let link: Link
        do {
            guard let found = try netlink.linkIfPresent(.name(name)) else { return }
            link = found
        } catch {
            throw CNIError(error, "failed to find \(name)")
        }
        guard let hostName = link.alias, !hostName.isEmpty else {
            throw CNIError(.internal, "\(name) has no alias naming its host device: it was not moved in by host-device")
        }
        let hostNamespace: NetworkNamespace
        do {
            hostNamespace = try NetworkNamespace.current()
        } catch {
            throw CNIError(netns: error)
        }
        // The kernel renames after moving: a name already taken in the host would strand the
        // device there under the container's name, where a retried DEL could not find it.
        let hostNameTaken: Bool
        do {
            hostNameTaken = try namespaces.host.linkIfPresent(.name(hostName)) != nil
        } catch {
            throw CNIError(error, "look up \(hostName) in the host")
        }
        if hostNameTaken {
            throw CNIError(.internal, "failed to restore \(name) to original name \(hostName): the host has a link of that name")
        }
        do {
            // Down first, as the reference takes it down before moving it: its peer, if it has
            // one, then reports the same state as with the reference.
            try netlink.setLinkDown(.index(link.index))
            try netlink.moveLink(.index(link.index), to: hostNamespace, newName: hostName)
        } catch {
            throw CNIError(error, "failed to move \(name) back to the host as \(hostName)")
        }
    }
}
