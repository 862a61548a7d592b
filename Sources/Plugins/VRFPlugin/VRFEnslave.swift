#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import NetAddress
import Netlink
import NetlinkCodec
import PluginKit

/// Puts an interface into a VRF the way the reference does, keeping what enslaving costs it:
/// the kernel cycles the link, which drops its global IPv6 addresses (unless
/// `keep_addr_on_down`) and its routes through gateways. The addresses are put back and the
/// routes re-created in the VRF's table; the kernel itself moves the connected routes.
struct VRFEnslave {
    let netlink: RouteNetlink
    let vrf: Link
    let table: UInt32

    func run(interfaceName name: String, rollback: Rollback) throws {
        let link = try call("could not get link by name \(name)") { try netlink.link(named: name) }
        if let masterIndex = link.masterIndex, masterIndex != 0 {
            let master = (try? netlink.link(.index(masterIndex)).name) ?? "#\(masterIndex)"
            throw CNIError(.internal, "interface \(name) has already a master set: \(master)")
        }
        let index = link.index
        let (addressesBefore, routes) = try call("read the addresses and routes of \(name)") {
            (try globalIPv6Addresses(of: index),
             try netlink.routes().filter { $0.outputInterface == index && $0.scope == .universe })
        }
        try call("could not set vrf \(vrf.name ?? "") as master of \(name)") {
            try netlink.setMaster(.index(vrf.index), of: .index(index))
        }
        rollback.add("set \(name) nomaster") { try netlink.setMaster(nil, of: .index(index)) }

        let addressesAfter = try call("read the IPv6 addresses of \(name)") { try globalIPv6Addresses(of: index) }
        for address in addressesBefore where !addressesAfter.contains(where: { $0.prefix == address.prefix }) {
            guard let prefix = address.prefix else { continue }
            try call("could not restore address \(prefix) to \(name) @ \(vrf.name ?? "")") {
                try netlink.addAddress(
                    prefix, to: .index(index), options: .init(flags: address.flags.intersection(.noDAD)))
            }
            try waitForLocalRoute(of: prefix.address, interfaceIndex: index, name: name)
        }
        for route in routes {
            // A fresh request: the dump's bookkeeping attributes are not ours to send back.
            var moved = NetlinkCodec.Route(
                destination: route.destinationPrefix, gateway: route.gateway, outputInterface: index,
                family: IPFamily(addressFamily: route.family), table: table, priority: route.priority,
                preferredSource: route.preferredSource, scope: route.scope, type: route.type,
                routeProtocol: route.routeProtocol, flags: route.flags.intersection(.onLink), nextHops: route.nextHops)
            moved.metrics = route.metrics
            try call("could not add route \(route.destinationPrefix?.description ?? "?") to table \(table)") {
                try netlink.replaceRoute(moved)  // ip route replace ... table T
            }
        }
    }

    /// A re-added IPv6 address is usable once the kernel has put its local route into the VRF's
    /// table; routes through gateways on its prefix wait for that. Bounded as in the reference
    /// (about 2.5 s in all).
    private func waitForLocalRoute(of address: IPAddress, interfaceIndex: Int32, name: String) throws {
        var delay: UInt32 = 10_000
        for attempt in 0...8 {
            let present = try call("read the routes of table \(table)") {
                try netlink.routes(family: .v6, table: table).contains {
                    $0.destination == address && $0.destinationLength == 128 && $0.outputInterface == interfaceIndex
                }
            }
            if present { return }
            if attempt == 8 { break }
            usleep(delay)
            delay *= 2
        }
        throw CNIError(.internal, "failed getting local/host addresses for \(name) in table \(table) with dst \(address)")
    }

    private func globalIPv6Addresses(of index: Int32) throws(NetlinkError) -> [InterfaceAddress] {
        try netlink.addresses(family: .v6, of: .index(index)).filter { $0.scope == .universe }
    }

    private func call<T>(_ context: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as NetlinkError {
            throw CNIError(error, context)
        }
    }
}
