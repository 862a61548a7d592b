public import CNISkel
public import CNISpec
import NetAddress
public import Netlink
import NetlinkCodec

/// CHECK for a plugin that owns one interface in the container (macvlan, ipvlan, vlan, dummy):
/// the interface ADD reported is still there, of the same kind and MAC, with its addresses and
/// routes, as the reference's `ValidateExpectedInterfaceIPs` and `ValidateExpectedRoute` see it.
public enum ContainerCheck {
    /// `prevResult` converted to the current version; its absence is a configuration error.
    public static func previousResult(_ request: PluginRequest) throws(CNIError) -> Result100 {
        guard let previous = try request.prevResult() else {
            throw CNIError(.invalidNetworkConfig, "Required prevResult missing")
        }
        return try previous.asCurrent()
    }

    /// The result's entry for `CNI_IFNAME` inside `CNI_NETNS`.
    public static func containerInterface(in result: Result100, request: PluginRequest) throws(CNIError) -> Interface {
        guard let entry = result.interfaces.first(where: {
            $0.name == request.interfaceName && $0.sandbox == request.netns
        }) else {
            throw CNIError(
                .internal,
                "Sandbox in prevResult doesn't match configured netns: no interface \(request.interfaceName) in \(request.netns)")
        }
        return entry
    }

    /// The container's link for `interface`: present, of `kind`, with the MAC the result recorded.
    public static func link(for interface: Interface, kind: String, netlink: RouteNetlink) throws(CNIError) -> Link {
        let found: Link?
        do {
            found = try netlink.linkIfPresent(.name(interface.name))
        } catch {
            throw CNIError(error, "check \(interface.name)")
        }
        guard let link = found else {
            throw CNIError(.internal, "Container Interface name in prevResult: \(interface.name) not found")
        }
        guard link.kindName == kind else {
            throw CNIError(.internal, "Error: Container interface \(interface.name) not of type \(kind)")
        }
        let actual = link.macAddress?.description ?? ""
        if let expected = interface.mac, !expected.isEmpty, expected.lowercased() != actual.lowercased() {
            throw CNIError(.internal, "Interface \(interface.name) Mac \(expected) doesn't match container Mac: \(actual)")
        }
        return link
    }

    /// Every address of the result is on the link, with a route to its network in the main
    /// table; every route of the result is in the main table (a route without a gateway may
    /// have any, as ADD puts the result's gateway on it).
    public static func validateAddressesAndRoutes(_ result: Result100, link: Link, netlink: RouteNetlink) throws(CNIError) {
        let name = link.name ?? "#\(link.index)"
        let present: [IPPrefix]
        let routes: [NetlinkCodec.Route]
        do {
            present = try netlink.addresses(of: .index(link.index)).compactMap(\.prefix)
            routes = try netlink.routes()
        } catch {
            throw CNIError(error, "check \(name)")
        }
        for ip in result.ips {
            guard present.contains(ip.address) else {
                throw CNIError(.internal, "Failed to match addr \(ip.address) on interface \(name)")
            }
            guard routes.contains(where: { $0.destinationPrefix == ip.address.network }) else {
                throw CNIError(.internal, "Failed to find the route to \(ip.address.network) for interface \(name)")
            }
        }
        for route in result.routes {
            let found = routes.contains { candidate in
                candidate.destinationPrefix == route.destination.network
                    && (route.gateway == nil || candidate.gateway == route.gateway)
            }
            guard found else {
                throw CNIError(
                    .internal,
                    "Expected Route \(route.destination) via \(route.gateway?.description ?? "-") not found in routing table")
            }
        }
    }
}
