#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import Netlink
import TestSupport
import Testing

/// Counters and namespace sysctls: exactly the packets a test sends show up, nothing else.
@Suite struct NetlinkStatisticsTests {
    /// Sends `count` UDP datagrams to `address` port 9 from a thread inside `namespace`.
    static func sendUDP(_ count: Int, to address: IPv4Address, payload: Int, in namespace: NetworkNamespace) throws {
        try namespace.perform {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard fd >= 0 else { throw SystemError(errno: errno, operation: "socket") }
            defer { close(fd) }
            var target = sockaddr_in()
            target.sin_family = sa_family_t(AF_INET)
            target.sin_port = UInt16(9).bigEndian
            target.sin_addr = in_addr(s_addr: address.value.bigEndian)
            let bytes = [UInt8](repeating: 0x5A, count: payload)
            for _ in 0..<count {
                let sent = withUnsafePointer(to: &target) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                        sendto(fd, bytes, bytes.count, 0, address, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                guard sent == bytes.count else { throw SystemError(errno: errno, operation: "sendto") }
            }
        }
    }

    /// Waits (bounded, not timed) for the kernel to report a link operationally up.
    static func waitUntilUp(_ netlink: RouteNetlink, _ name: String) throws {
        for _ in 0..<2000 where try netlink.link(named: name).operationalState != .up {
            usleep(5000)
        }
        #expect(try netlink.link(named: name).operationalState == .up)
    }

    @Test func countersMatchTheTrafficSent() throws {
        let hostIPv6 = try Sysctl.read("net.ipv6.conf.default.disable_ipv6")
        let a = try NetlinkTestNamespace()
        let b = try NetlinkTestNamespace()
        // No IPv6 means no router solicitations or MLD reports: the counters hold only our packets.
        for ns in [a, b] {
            try ns.namespace.writeSysctl("net.ipv6.conf.all.disable_ipv6", "1")
            try ns.namespace.writeSysctl("net.ipv6.conf.default.disable_ipv6", "1")
            #expect(try ns.namespace.readSysctl("net.ipv6.conf.default.disable_ipv6") == "1")
        }
        #expect(try Sysctl.read("net.ipv6.conf.default.disable_ipv6") == hostIPv6)  // the host is untouched

        try a.netlink.addVeth(named: "v0", peerName: "v1", peerNamespace: b.namespace)
        try a.netlink.addAddress(IPPrefix("10.250.50.1/24")!, to: "v0")
        try b.netlink.addAddress(IPPrefix("10.250.50.2/24")!, to: "v1")
        // Static neighbour entries on both sides: no ARP exchange adds packets of its own (the
        // receiver answers each datagram with an ICMP port unreachable, which would need one).
        let v0 = try a.netlink.link(named: "v0")
        let v1 = try b.netlink.link(named: "v1")
        try a.netlink.addNeighbor(Neighbor(address: IPAddress("10.250.50.2"), macAddress: v1.macAddress, interfaceIndex: v0.index))
        try b.netlink.addNeighbor(Neighbor(address: IPAddress("10.250.50.1"), macAddress: v0.macAddress, interfaceIndex: v1.index))
        try a.netlink.setLinkUp("v0")
        try b.netlink.setLinkUp("v1")
        // The kernel attaches the real qdisc (until then `noop`, which drops) from its link-watch
        // work, later and later under load; operstate UP on both ends says it has run.
        try Self.waitUntilUp(a.netlink, "v0")
        try Self.waitUntilUp(b.netlink, "v1")

        try Self.sendUDP(3, to: IPv4Address(10, 250, 50, 2), payload: 100, in: a.namespace)
        let sent = try a.netlink.statistics(of: "v0")
        let received = try b.netlink.statistics(of: "v1")
        #expect(sent.txPackets == 3)
        #expect(sent.txBytes == 3 * (14 + 20 + 8 + 100))
        #expect(received.rxPackets == 3)
        #expect(received.rxBytes == sent.txBytes)

        let shown = try a.ip("-s", "link", "show", "v0").arrayValue?.first?["stats64"]?["tx"]
        #expect(shown?["packets"]?.netlinkTestInteger == 3)
        #expect(shown?["bytes"]?.netlinkTestInteger == Int(sent.txBytes))
    }
}
