import CNISpec
import LinuxSystem
import NetAddress
import Netlink
import NetlinkCodec
import PluginKit

/// The bridge itself, shared by every container on the network.
enum BridgeDevice {
    /// The bridge, created if missing (`ip link add NAME type bridge`), up, with IPv6 router
    /// advertisements ignored; `created` says whether this call made it.
    static func ensure(_ config: BridgeConfig, netlink: RouteNetlink) throws -> (link: Link, created: Bool) {
        let name = config.bridgeName
        let context = "failed to create bridge \"\(name)\""
        var bridge = try Gateways.netlinkCall(context) { try netlink.linkIfPresent(.name(name)) }
        var created = false
        if bridge == nil {
            var options = BridgeOptions()
            if config.usesVLANs { options.vlanFiltering = true }
            created = try Gateways.netlinkCall(context) { () -> Bool in
                do {
                    try netlink.addBridge(named: name, options: options, mtu: config.mtu)
                    return true
                } catch let error as NetlinkError where error.code == .exists {
                    return false  // another ADD created it in the meantime
                }
            }
            bridge = try Gateways.netlinkCall(context) { try netlink.link(named: name) }
        }
        guard let bridge, case .bridge? = bridge.info?.kind else {
            throw CNIError(.internal, "\"\(name)\" already exists but is not a bridge")
        }
        let index = bridge.index
        try? Sysctl.write("net/ipv6/conf/\(name)/accept_ra", "0")
        // The common case, a bridge already up as configured: nothing to change or read again.
        if bridge.isUp && (!config.promiscuousMode || bridge.flags.contains(.promiscuous)) { return (bridge, created) }
        try Gateways.netlinkCall(context) {
            if config.promiscuousMode { try netlink.setPromiscuous(true, of: .index(index)) }
        }
        let link = try Gateways.netlinkCall(context) {
            try netlink.setLinkUp(.index(index))
            return try netlink.link(.index(index))
        }
        return (link, created)
    }

    /// Pins a new bridge's address once it has a port. Otherwise the kernel re-derives it from
    /// the lowest port MAC whenever ports come and go, and the MAC a result recorded stops
    /// matching (the reference pins it only as a gateway, and its CHECK then fails once a second
    /// container joins). Not earlier: a bridge whose address is set while it has no port reports
    /// its operational state as UNKNOWN instead of UP.
    static func pinAddress(of bridge: Link, netlink: RouteNetlink) throws {
        let index = bridge.index
        try Gateways.netlinkCall("pin the address of \(bridge.name ?? "the bridge")") {
            if let mac = try netlink.link(.index(index)).macAddress { try netlink.setMACAddress(mac, of: .index(index)) }
        }
    }
}

/// The gateways a result implies, per family, and putting them on the bridge.
struct Gateways {
    /// Runs netlink calls, reporting a failure with `context`.
    static func netlinkCall<T>(_ context: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as NetlinkError {
            throw CNIError(error, context)
        }
    }

    var addresses: [IPPrefix] = []

    /// Fills in what the bridge derives: every address belongs to the container interface
    /// (index 2); a gateway address defaults to the subnet's first host when the bridge is the
    /// gateway; a default route is added per family when it is the default gateway.
    static func compute(_ result: inout Result100, config: BridgeConfig) -> Gateways {
        var gateways = Gateways()
        var defaultRouteFound: Set<IPFamily> = []
        for index in result.ips.indices {
            var ip = result.ips[index]
            ip.interface = 2
            if ip.gateway == nil && config.isGateway {
                ip.gateway = ip.address.firstAddress.next
            }
            let family = ip.address.family
            if config.isDefaultGateway && !defaultRouteFound.contains(family) {
                let defaultNetwork = family == .v4 ? "0.0.0.0/0" : "::/0"
                let present = result.routes.contains { $0.gateway != nil && $0.destination.description == defaultNetwork }
                if !present, let destination = IPPrefix(defaultNetwork) {
                    result.routes.append(Route(destination: destination, gateway: ip.gateway))
                }
                defaultRouteFound.insert(family)
            }
            if config.isGateway, let gateway = ip.gateway,
               let prefix = IPPrefix(address: gateway, prefixLength: ip.address.prefixLength) {
                gateways.addresses.append(prefix)
            }
            result.ips[index] = ip
        }
        return gateways
    }

    /// The gateway addresses on the bridge (another address in the way is an error unless
    /// `forceAddress`), then forwarding on for each family that has one.
    func install(on bridge: inout Link, config: BridgeConfig, netlink: RouteNetlink, rollback: Rollback) throws {
        let name = config.bridgeName
        let existing = try Self.netlinkCall("failed to set bridge addr") {
            try netlink.addresses(of: .index(bridge.index)).compactMap(\.prefix)
        }
        for gateway in addresses where !existing.contains(gateway) {
            // IPv4: one address per bridge; IPv6: only overlapping ones clash.
            let clashing = existing.filter { other in
                other.family == gateway.family
                    && (gateway.family == .v4 || other.contains(gateway.address) || gateway.contains(other.address))
            }
            if !clashing.isEmpty && !config.forceAddress {
                throw CNIError(.internal, "\"\(name)\" already has an IP address different from \(gateway)")
            }
            let index = bridge.index
            try Self.netlinkCall("failed to set bridge addr") {
                for other in clashing { try netlink.deleteAddress(other, from: .index(index)) }
                let now = try netlink.addresses(of: .index(index)).compactMap(\.prefix)
                if !now.contains(gateway) { try netlink.addAddress(gateway, to: .index(index), options: .withBroadcast(for: gateway)) }
            }
        }
        for family in Set(addresses.map(\.family)) {
            let key = family == .v4 ? "net/ipv4/ip_forward" : "net/ipv6/conf/all/forwarding"
            do {
                if try Sysctl.read(key) != "1" { try Sysctl.write(key, "1") }
            } catch {
                throw CNIError(.internal, "failed to enable forwarding: \(error)")
            }
        }
    }
}
