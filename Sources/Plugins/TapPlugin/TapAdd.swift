import CNISkel
import CNISpec
import LinuxSystem
import Netlink
import NetlinkCodec
import PluginKit

/// ADD: a persistent tap device created directly in the container's namespace, with the MTU and
/// MAC asked for, on the bridge if one is named, up; then addresses from IPAM when configured.
/// Every step registers its undo.
struct TapAdd {
    let config: TapConfig
    let request: PluginRequest

    func run() throws -> Result100 {
        if config.selinuxContext != nil && FileSystem.exists("/sys/fs/selinux/enforce") {
            throw CNIError(.unsupportedField, "\"selinuxContext\" is not supported yet by this tap plugin on a host with SELinux")
        }
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        let rollback = Rollback()
        defer { rollback.runUnlessCommitted() }

        let tap = try createTap(namespaces: namespaces, rollback: rollback)
        var result = Result100(cniVersion: .current, interfaces: [tap])
        if !config.ipamType.isEmpty {
            let allocated = try IPAMAllocation.add(request, ipamType: config.ipamType, interfaceIndex: 0, rollback: rollback)
            result.ips = allocated.ips
            result.routes = allocated.routes
            let name = request.interfaceName
            // Gratuitous ARP when the address comes up, so neighbours learn it at once.
            try? namespaces.container.writeSysctl("net/ipv4/conf/\(name)/arp_notify", "1")
            try InterfaceConfiguration.apply(result, to: name, in: namespaces.container, netlink: namespaces.containerNetlink)
        }
        result.dns = config.dns
        rollback.commit()
        return result
    }

    /// Creates the device under a random name and renames it, so that an existing interface
    /// named `CNI_IFNAME` makes the rename fail: opening a tap by an existing tap's name would
    /// attach to that device instead of creating one.
    private func createTap(namespaces: PluginNamespaces, rollback: Rollback) throws(CNIError) -> Interface {
        let netlink = namespaces.containerNetlink
        let name = request.interfaceName
        var generator = SystemRandomNumberGenerator()
        let temporary = "tap" + String(UInt32.random(in: 0 ... .max, using: &generator), radix: 16)
        let options = RouteNetlink.TunTapOptions(
            owner: config.owner, group: config.group, multiQueue: config.multiQueue,
            virtioNetHeader: config.owner != nil && config.group != nil)
        let index: Int32
        do {
            try netlink.addTunTap(named: temporary, mode: .tap, options: options)
            index = try netlink.link(named: temporary).index
        } catch {
            try? netlink.deleteLink(.name(temporary))
            throw CNIError(error, "failed to create tap \(name)")
        }
        rollback.add("delete tap \(name)") { try netlink.deleteLink(.index(index)) }
        do {
            if let mtu = config.mtu { try netlink.setMTU(mtu, of: .index(index)) }
            if let mac = config.mac { try netlink.setMACAddress(mac, of: .index(index)) }
        } catch {
            throw CNIError(error, "failed to configure tap \(name)")
        }
        do {
            try netlink.renameLink(.index(index), to: name)
        } catch where error.code == .exists {
            throw CNIError(.internal, "failed to rename tap to \"\(name)\": an interface of that name already exists")
        } catch {
            throw CNIError(error, "failed to rename tap to \"\(name)\"")
        }
        if let bridge = config.bridge {
            let master: Link?
            do {
                master = try netlink.linkIfPresent(.name(bridge))
            } catch {
                throw CNIError(error, "failed to get bridge \(bridge)")
            }
            guard let master else {
                throw CNIError(.internal, "failed to get bridge \(bridge): not found in the container's namespace")
            }
            do {
                try netlink.setMaster(.index(master.index), of: .index(index))
            } catch {
                throw CNIError(error, "failed to set tap \(name) as a port of bridge \(bridge)")
            }
        }
        do {
            try netlink.setLinkUp(.index(index))
            let link = try netlink.link(.index(index))
            return Interface(name: name, mac: link.macAddress?.description, sandbox: request.netns)
        } catch {
            throw CNIError(error, "failed to set tap interface \(name) up")
        }
    }
}
