public import CNISpec
import NetAddress
public import Netlink
public import NetNS
import NetlinkCodec

/// A link the container gets on top of a parent ("master") link: what the macvlan, ipvlan and
/// vlan plugins create. The parent lives in the plugin's own namespace, or with
/// `linkInContainer` in the container's.
public enum ContainerLink {
    /// The netlink socket of the namespace holding the master.
    public static func masterNetlink(_ namespaces: PluginNamespaces, inContainer: Bool) -> RouteNetlink {
        inContainer ? namespaces.containerNetlink : namespaces.host
    }

    /// The name of the interface the first default route of the main table leaves through, IPv4
    /// before IPv6: the master when the configuration names none, as the reference picks it.
    public static func defaultRouteInterface(netlink: RouteNetlink) throws(CNIError) -> String {
        do {
            for route in try netlink.routes() where route.isDefault {
                guard let index = route.outputInterface else { continue }
                if let name = try netlink.link(.index(index)).name { return name }
            }
        } catch {
            throw CNIError(error, "find the default route interface")
        }
        throw CNIError(.invalidNetworkConfig, "\"master\" is not set and no default route interface found")
    }

    /// The master link, failing with a message naming the field when it does not exist.
    public static func master(named name: String, netlink: RouteNetlink) throws(CNIError) -> Link {
        let link: Link?
        do {
            link = try netlink.linkIfPresent(.name(name))
        } catch {
            throw CNIError(error, "failed to lookup master \"\(name)\"")
        }
        guard let link else { throw CNIError(.invalidNetworkConfig, "\"master\" \"\(name)\": no such interface") }
        return link
    }

    /// Checks a configured MTU against the master's, as the reference does: at most the master's.
    public static func validateMTU(_ mtu: UInt32?, master: Link) throws(CNIError) {
        guard let mtu, let masterMTU = master.mtu, mtu > masterMTU else { return }
        throw CNIError(.invalidNetworkConfig, "invalid \"mtu\" \(mtu): must be [0, master MTU(\(masterMTU))]")
    }

    /// Creates the container's link: `create` makes it under a temporary name, directly in the
    /// container's namespace (given as its last argument when the master is on the host), then
    /// it is renamed to `interfaceName`. The temporary name keeps the kernel from refusing a
    /// name taken on the host side while the link is being made. On any failure the link is
    /// gone again. Returns the result's interface entry and the link as it is now.
    public static func create(
        kind: String, interfaceName: String, namespaces: PluginNamespaces, masterInContainer: Bool,
        _ create: (_ netlink: RouteNetlink, _ temporaryName: String, _ target: NetworkNamespace?) throws(NetlinkError) -> Void
    ) throws(CNIError) -> (interface: Interface, link: Link) {
        let container = namespaces.containerNetlink
        let existing: Link?
        do {
            existing = try container.linkIfPresent(.name(interfaceName))
        } catch {
            throw CNIError(error, "look up \(interfaceName)")
        }
        if existing != nil {
            throw CNIError(.internal, "container interface name provided (\(interfaceName)) already exists")
        }
        var generator = SystemRandomNumberGenerator()
        let temporaryName = "tmp" + hex(UInt32.random(in: 0 ... .max, using: &generator))
        do {
            if masterInContainer {
                try create(container, temporaryName, nil)
            } else {
                try create(namespaces.host, temporaryName, namespaces.container)
            }
        } catch {
            throw CNIError(error, "failed to create \(kind)")
        }
        do {
            try container.renameLink(.name(temporaryName), to: interfaceName)
            let link = try container.link(named: interfaceName)
            let interface = Interface(
                name: interfaceName, mac: link.macAddress?.description, sandbox: namespaces.container.path)
            return (interface, link)
        } catch {
            try? container.deleteLink(.name(temporaryName))
            try? container.deleteLink(.name(interfaceName))
            throw CNIError(error, "failed to rename \(kind) to \"\(interfaceName)\"")
        }
    }

    /// Deletes the container's interface for DEL: nothing to do when `CNI_NETNS` is empty or
    /// gone, or the interface is (DEL may run twice, or after the runtime removed the namespace).
    public static func delete(interfaceName: String, containerPath: String) throws(CNIError) {
        guard let namespaces = try PluginNamespaces.openForDelete(containerPath: containerPath) else { return }
        do {
            guard let link = try namespaces.containerNetlink.linkIfPresent(.name(interfaceName)) else { return }
            try namespaces.containerNetlink.deleteLink(.index(link.index))
        } catch where error.code == .notFound {
            return
        } catch {
            throw CNIError(error, "failed to delete \(interfaceName)")
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }
}
