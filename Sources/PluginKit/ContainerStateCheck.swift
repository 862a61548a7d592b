public import CNISkel
public import CNISpec
public import Netlink
import NetAddress
public import NetlinkCodec

/// What CHECK verifies in the container for plugins that configure one interface from a result:
/// the interface `prevResult` names for this attachment, its addresses and the result's routes
/// (Go's `ip.ValidateExpectedInterfaceIPs` and `ip.ValidateExpectedRoute`).
public enum ContainerStateCheck {
    /// The interface of `result` named `CNI_IFNAME` whose sandbox is `CNI_NETNS`, and its index.
    public static func containerInterface(in result: Result100, request: PluginRequest) throws(CNIError) -> (index: Int, interface: Interface) {
        guard let index = result.interfaces.firstIndex(where: { $0.name == request.interfaceName && $0.sandbox == request.netns })
        else {
            let sandbox = result.interfaces.first { $0.name == request.interfaceName }?.sandbox ?? ""
            throw CNIError(.internal, "Sandbox in prevResult \(sandbox) doesn't match configured netns: \(request.netns)")
        }
        return (index, result.interfaces[index])
    }

    /// Every address of `ips` is on the interface, with a route to its network in a routing table
    /// (any table, for the reason given at ``expectRoutes(_:netlink:)``).
    public static func expectAddresses(_ ips: [IPConfig], on link: Link, netlink: RouteNetlink) throws(CNIError) {
        let name = link.name ?? "#\(link.index)"
        let present: [IPPrefix]
        let routes: [NetlinkCodec.Route]
        do {
            present = try netlink.addresses(of: .index(link.index)).compactMap(\.prefix)
            routes = try netlink.routes(table: nil)
        } catch {
            throw CNIError(error, "check addresses of \(name)")
        }
        for ip in ips {
            guard present.contains(ip.address) else {
                throw CNIError(.internal, "Failed to match addr \(ip.address) on interface \(name)")
            }
            guard routes.contains(where: { $0.destinationPrefix == ip.address.network }) else {
                throw CNIError(.internal, "Failed to find Gateway \(ip.gateway?.description ?? "<nil>") for interface \(name)")
            }
        }
    }

    /// Every route of the result is in a routing table: same destination, and the same gateway
    /// when the result names one. Any table, not only the main one: a `vrf` later in the chain
    /// moves the interface's routes into its VRF's table, and CHECK of the list must still pass.
    public static func expectRoutes(_ expected: [CNISpec.Route], netlink: RouteNetlink) throws(CNIError) {
        let routes: [NetlinkCodec.Route]
        do {
            routes = try netlink.routes(table: nil)
        } catch {
            throw CNIError(error, "check routes")
        }
        for route in expected {
            let found = routes.contains { candidate in
                candidate.destinationPrefix == route.destination.network
                    && (route.gateway == nil || candidate.gateway == route.gateway)
            }
            guard found else {
                throw CNIError(.internal, "Expected Route \(route.destination) via \(route.gateway?.description ?? "-") not in the routing table")
            }
        }
    }
}

extension ContainerStateCheck {
    /// What CHECK starts from: the namespaces, the IPAM plugin's own CHECK, `prevResult` in the
    /// current version (required), and the container interface it names with its link now.
    public struct Attachment {
        public var namespaces: PluginNamespaces
        public var result: Result100
        public var expected: Interface
        public var link: Link
    }

    /// Opens the namespaces, runs the IPAM plugin's CHECK, and finds the interface of
    /// `prevResult` in the container. `label` prefixes messages as the reference's do ("ptp: ").
    public static func attachment(_ request: PluginRequest, ipamType: String, label: String = "") throws(CNIError) -> Attachment {
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        try IPAMAllocation.forward(.check, request, ipamType: ipamType)
        guard let previous = try request.prevResult() else {
            throw CNIError(.invalidNetworkConfig, "\(label)Required prevResult missing")
        }
        let result = try previous.asCurrent()
        let (_, expected) = try containerInterface(in: result, request: request)
        let found: Link?
        do {
            found = try namespaces.containerNetlink.linkIfPresent(.name(expected.name))
        } catch {
            throw CNIError(error, "look up \(expected.name)")
        }
        guard let link = found else {
            throw CNIError(.internal, "\(label)Container Interface name in prevResult: \(expected.name) not found")
        }
        return Attachment(namespaces: namespaces, result: result, expected: expected, link: link)
    }

    /// The link has the MAC the result recorded, if it recorded one.
    public static func expectMAC(of attachment: Attachment, label: String = "") throws(CNIError) {
        guard let mac = attachment.expected.mac, !mac.isEmpty else { return }
        let actual = attachment.link.macAddress?.description ?? ""
        guard actual == mac else {
            throw CNIError(.internal, "\(label)Interface \(attachment.expected.name) Mac \(mac) doesn't match container Mac: \(actual)")
        }
    }

    /// Every address and route of the result is in the container.
    public static func expectAddressesAndRoutes(of attachment: Attachment) throws(CNIError) {
        let netlink = attachment.namespaces.containerNetlink
        try expectAddresses(attachment.result.ips, on: attachment.link, netlink: netlink)
        try expectRoutes(attachment.result.routes, netlink: netlink)
    }
}
