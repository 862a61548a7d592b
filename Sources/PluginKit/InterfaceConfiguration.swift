public import CNISpec
import NetAddress
public import Netlink
public import NetNS
import NetlinkCodec

/// Puts a result's addresses and routes on the container's interface, as Go's
/// `ipam.ConfigureIface` does: the addresses whose `interface` index names this interface, the
/// link up, then every route, through the result's gateway of the route's family when the
/// route names none.
public enum InterfaceConfiguration {
    /// Configures `interfaceName` in `namespace` from `result`.
    public static func apply(_ result: Result100, to interfaceName: String, in namespace: NetworkNamespace,
                             netlink: RouteNetlink) throws(CNIError) {
        let link: Link
        do {
            link = try netlink.link(named: interfaceName)
        } catch {
            throw CNIError(error, "configure \(interfaceName)")
        }
        // The first gateway of each family (two optionals, not a dictionary: a dictionary's
        // first use costs a runtime conformance search in every plugin process).
        var gatewayV4: IPAddress?
        var gatewayV6: IPAddress?
        var hasIPv6 = false
        for ip in result.ips {
            guard let index = ip.interface else { continue }
            guard result.interfaces.indices.contains(index), result.interfaces[index].name == interfaceName else {
                throw CNIError(.internal, "failed to add IP addr \(ip.address) to \"\(interfaceName)\": invalid interface index")
            }
            if ip.address.family == .v6 && !hasIPv6 {
                hasIPv6 = true
                // An interface created while IPv6 was off has it disabled; addresses need it on.
                try? namespace.writeSysctl("net/ipv6/conf/\(interfaceName)/disable_ipv6", "0")
            }
            do {
                try netlink.addAddress(ip.address, to: .index(link.index), options: .withBroadcast(for: ip.address))
            } catch {
                throw CNIError(error, "failed to add IP addr \(ip.address) to \"\(interfaceName)\"")
            }
            if let gateway = ip.gateway {
                if gateway.family == .v4 { gatewayV4 = gatewayV4 ?? gateway } else { gatewayV6 = gatewayV6 ?? gateway }
            }
        }
        do {
            try netlink.setLinkUp(.index(link.index))
        } catch {
            throw CNIError(error, "failed to set \(interfaceName) up")
        }
        for route in result.routes {
            let gateway = route.gateway ?? (route.destination.family == .v4 ? gatewayV4 : gatewayV6)
            var request = NetlinkCodec.Route(
                destination: route.destination.network, gateway: gateway, outputInterface: link.index,
                table: route.table.map { UInt32($0) } ?? RouteTable.main, priority: route.priority.map { UInt32($0) },
                scope: route.scope.map { RouteScope(rawValue: UInt8($0)) })
            request.mtu = route.mtu.map { UInt32($0) }
            do {
                try netlink.addRoute(request)
            } catch where error.code == .exists {
                continue
            } catch {
                throw CNIError(error, "failed to add route '\(route.destination) via \(gateway?.description ?? "-") dev \(interfaceName)'")
            }
        }
    }
}
