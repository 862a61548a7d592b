public import CNISkel
public import CNISpec
import LinuxSystem
import Netlink

/// Addresses for a container interface from an IPAM plugin, and putting them on it: the part
/// of ADD that the macvlan, ipvlan, vlan and dummy plugins share.
public enum ContainerAddressing {
    /// Runs the IPAM plugin's ADD and registers its DEL with `rollback`. Every address is
    /// assigned to interface 0 (the plugin's only interface); a result without addresses is an
    /// error, as in the reference.
    public static func allocate(_ request: PluginRequest, ipamType: String, rollback: Rollback) throws -> Result100 {
        guard let allocated = try request.delegate(.add, to: ipamType) else {
            throw CNIError(.internal, "IPAM plugin \(ipamType) returned no result")
        }
        rollback.add("release addresses") { _ = try request.delegate(.delete, to: ipamType) }
        var result = try allocated.asCurrent()
        guard !result.ips.isEmpty else { throw CNIError(.internal, "IPAM plugin returned missing IP config") }
        assignToFirstInterface(&result)
        return result
    }

    /// Points every address of `result` at interface 0.
    public static func assignToFirstInterface(_ result: inout Result100) {
        for index in result.ips.indices { result.ips[index].interface = 0 }
    }

    /// Puts the result's addresses and routes on `interfaceName` and brings it up. With
    /// `announce`, the kernel first gets told to announce the addresses when the link comes up
    /// (`arp_notify` for IPv4 gratuitous ARP, `ndisc_notify` for unsolicited IPv6 neighbour
    /// advertisements), so neighbours that cached the previous owner's MAC learn the new one.
    public static func configure(
        _ result: Result100, interfaceName: String, namespaces: PluginNamespaces, announce: Bool
    ) throws(CNIError) {
        if announce {
            // Best effort, as in the reference: a kernel without the knob still gets addresses.
            try? namespaces.container.perform {
                try? Sysctl.write("net/ipv4/conf/\(interfaceName)/arp_notify", "1")
                try? Sysctl.write("net/ipv6/conf/\(interfaceName)/ndisc_notify", "1")
            }
        }
        try InterfaceConfiguration.apply(
            result, to: interfaceName, in: namespaces.container, netlink: namespaces.containerNetlink)
    }
}
