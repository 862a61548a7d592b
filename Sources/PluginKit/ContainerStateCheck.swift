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

    /// Every address of `ips` is on the interface, with a route to its network in the main table.
    public static func expectAddresses(_ ips: [IPConfig], on link: Link, netlink: RouteNetlink) throws(CNIError) {
        let name = link.name ?? "#\(link.index)"
        let present: [IPPrefix]
        let routes: [NetlinkCodec.Route]
        do {
            present = try netlink.addresses(of: .index(link.index)).compactMap(\.prefix)
            routes = try netlink.routes()
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

    /// Every route of the result is in the main table: same destination, and the same gateway
    /// when the result names one.
    public static func expectRoutes(_ expected: [CNISpec.Route], netlink: RouteNetlink) throws(CNIError) {
        let routes: [NetlinkCodec.Route]
        do {
            routes = try netlink.routes()
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
