import CNISkel
import CNISpec
import NetAddress
import Netlink
import NetlinkCodec
import PluginKit

/// ADD: addresses from IPAM, a veth pair, the container end addressed and routed through the
/// host end, and the host end holding each gateway as a host address with a host route back to
/// the container; with `ipMasq`, masquerading of its addresses. Every step registers its undo, so a failure part-way leaves nothing behind.
struct PTPAdd {
    let config: PTPConfig
    let request: PluginRequest

    func run() throws -> Result100 {
        guard !config.ipamType.isEmpty else {
            throw CNIError(.invalidNetworkConfig, "\"ipam\": ptp needs an IPAM plugin (\"ipam\".\"type\") for the container's addresses")
        }
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        let rollback = Rollback()
        defer { rollback.runUnlessCommitted() }

        // Every address belongs to the container end, the second interface of the result.
        var result = try IPAMAllocation.add(request, ipamType: config.ipamType, interfaceIndex: 1, rollback: rollback)
        // The host end answers as each address's gateway: without one there is nothing to route through.
        if let bare = result.ips.first(where: { $0.gateway == nil }) {
            throw CNIError(.internal, "IPAM result for \(bare.address) has no gateway, which ptp puts on the host side")
        }
        try IPForwarding.enable(for: Set(result.ips.map(\.address.family)))

        let veth = try VethPair.create(
            containerName: request.interfaceName, namespaces: namespaces, mtu: config.mtu, containerMAC: nil)
        rollback.add("delete \(veth.hostName)") { try namespaces.host.deleteLink(.index(veth.hostIndex)) }
        result.interfaces = [
            Interface(name: veth.hostName, mac: veth.hostMAC?.description),
            Interface(name: veth.containerName, mac: veth.containerMAC?.description, sandbox: request.netns),
        ]

        try configureContainer(result, veth: veth, namespaces: namespaces)
        try configureHost(result, veth: veth, netlink: namespaces.host)
        if config.ipMasquerade { try AttachmentMasquerade(request).setUp(result.ips, rollback: rollback) }
        if let dns = config.dns { result.dns = dns }
        rollback.commit()
        return result
    }

    /// The container end: addresses, link up and the result's routes, then, per address, the
    /// subnet's own route replaced by a host route to the gateway and a route to the subnet
    /// through it. A veth cannot be point-to-point, so this makes every packet, even to a
    /// neighbour in the subnet, go to the host.
    private func configureContainer(_ result: Result100, veth: VethPair, namespaces: PluginNamespaces) throws(CNIError) {
        let name = veth.containerName
        let netlink = namespaces.containerNetlink
        try InterfaceConfiguration.apply(result, to: name, in: namespaces.container, netlink: netlink)
        if result.ips.contains(where: { $0.address.family == .v6 }) {
            try AddressSettling.waitUntilSettled(interfaceIndex: veth.containerIndex, name: name, netlink: netlink)
        }
        for ip in result.ips {
            guard let gateway = ip.gateway else { continue }
            let subnet = ip.address.network
            do {
                try netlink.deleteRoute(NetlinkCodec.Route(destination: subnet, outputInterface: veth.containerIndex))
            } catch {
                throw CNIError(error, "failed to delete route \(subnet) dev \(name)")
            }
            let source = ip.address.address
            let routes = [
                NetlinkCodec.Route(
                    destination: .host(gateway), outputInterface: veth.containerIndex, preferredSource: source, scope: .link),
                NetlinkCodec.Route(
                    destination: subnet, gateway: gateway, outputInterface: veth.containerIndex, preferredSource: source,
                    scope: .universe),
            ]
            for route in routes {
                do {
                    try netlink.addRoute(route)
                } catch {
                    throw CNIError(error, "failed to add route \(route.destinationPrefix?.description ?? "?") dev \(name)")
                }
            }
        }
    }

    /// The host end: each gateway as a /32 or /128 address, and a host route to each container
    /// address. One already present is kept rather than failing the whole ADD.
    private func configureHost(_ result: Result100, veth: VethPair, netlink: RouteNetlink) throws(CNIError) {
        for ip in result.ips {
            guard let gateway = ip.gateway else { continue }
            do {
                try netlink.addAddress(.host(gateway), to: .index(veth.hostIndex), options: .withBroadcast(for: .host(gateway)))
            } catch where error.code == .exists {
                // already there: nothing to add
            } catch {
                throw CNIError(error, "failed to add IP addr \(IPPrefix.host(gateway)) to \(veth.hostName)")
            }
            let route = NetlinkCodec.Route(
                destination: .host(ip.address.address), outputInterface: veth.hostIndex, scope: .host)
            do {
                try netlink.addRoute(route)
            } catch where error.code == .exists {
                continue
            } catch {
                throw CNIError(error, "failed to add route on host to \(ip.address.address) dev \(veth.hostName)")
            }
        }
    }
}
