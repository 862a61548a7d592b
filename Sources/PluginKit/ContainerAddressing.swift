public import CNISpec
import LinuxSystem
import Netlink

/// Putting a result's addresses on a container interface: the part of ADD that the macvlan,
/// ipvlan, vlan and dummy plugins share (the addresses come from ``IPAMAllocation``).
public enum ContainerAddressing {
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
