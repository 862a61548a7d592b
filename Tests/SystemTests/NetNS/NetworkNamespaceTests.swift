#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import NetNS
import Netlink
import TestSupport
import Testing

/// Network namespaces: creation as `ip netns add` does it, every path form, the dedicated thread.
@Suite struct NetworkNamespaceTests {
    static func uniqueName() -> String { "cnitest-\(String(UInt32.random(in: 0 ... .max), radix: 16))" }

    @Test func createNamedOpenAndDelete() throws {
        let name = Self.uniqueName()
        defer { try? NetworkNamespace.delete(named: name) }
        let created = try NetworkNamespace.create(named: name)
        #expect(created.path == "/var/run/netns/\(name)")
        // iproute2 sees it and can use it.
        #expect(try Command.check(["ip", "netns", "list"]).contains(name))
        #expect(try Command.check(["ip", "-n", name, "link", "show", "lo"]).contains("lo"))
        let reopened = try NetworkNamespace.open("/var/run/netns/\(name)")
        #expect(reopened.isSame(as: created))
        #expect(!reopened.isSame(as: try NetworkNamespace.current()))
        #expect(NetworkNamespace.names().contains(name))

        let again = #expect(throws: NetNSError.self) { try NetworkNamespace.create(named: name) }
        #expect(again?.code == .exists)

        try NetworkNamespace.delete(named: name)
        #expect(!FileSystem.exists("/var/run/netns/\(name)"))
        try NetworkNamespace.delete(named: name)  // idempotent
        let gone = #expect(throws: NetNSError.self) { try NetworkNamespace.open("/var/run/netns/\(name)") }
        #expect(gone?.code == .notFound)
    }

    @Test(arguments: ["", "a/b", "..", "."])
    func invalidNames(_ name: String) {
        let error = #expect(throws: NetNSError.self) { try NetworkNamespace.create(named: name) }
        #expect(error?.code == .invalidName)
    }

    @Test func everyPathForm() throws {
        let fixture = try NetlinkTestNamespace()
        // /proc/PID/fd/N: a descriptor we hold.
        let byDescriptor = try NetworkNamespace.open("/proc/\(getpid())/fd/\(fixture.namespace.descriptor.rawValue)")
        #expect(byDescriptor.isSame(as: fixture.namespace))
        // /proc/PID/ns/net and /proc/PID/task/TID/ns/net: the namespace a task is in (opened, not changed).
        let ours = try NetworkNamespace.open("/proc/\(getpid())/ns/net")
        #expect(ours.isSame(as: try NetworkNamespace.current()))
        let inside = try fixture.namespace.perform { () throws -> NetworkNamespace in
            try NetworkNamespace.open("/proc/thread-self/ns/net")
        }
        #expect(inside.isSame(as: fixture.namespace))
    }

    @Test func performRunsInsideOnAnotherThreadAndLeavesTheCallerAlone() throws {
        let fixture = try NetlinkTestNamespace()
        let before = try NetworkNamespace.current()
        let seen = try fixture.namespace.perform { () throws -> Bool in
            try NetworkNamespace.current().isSame(as: fixture.namespace)
        }
        #expect(seen)
        #expect(try NetworkNamespace.current().isSame(as: before))
        struct Marker: Error {}
        #expect(throws: Marker.self) { try fixture.namespace.perform { throw Marker() } }
        // Sysctls written inside stay inside.
        let hostForwarding = try Sysctl.read("net.ipv4.ip_forward")
        let flipped = hostForwarding == "1" ? "0" : "1"
        try fixture.namespace.writeSysctl("net.ipv4.ip_forward", flipped)
        #expect(try fixture.namespace.readSysctl("net.ipv4.ip_forward") == flipped)
        #expect(try Sysctl.read("net.ipv4.ip_forward") == hostForwarding)
        #expect(Sysctl.path(for: "net.ipv4.conf.all.forwarding") == "/proc/sys/net/ipv4/conf/all/forwarding")
        #expect(Sysctl.path(for: "net/ipv4/conf/eth0.100/forwarding") == "/proc/sys/net/ipv4/conf/eth0.100/forwarding")
    }

    @Test func anonymousNamespaces() throws {
        let anonymous = try NetworkNamespace.createAnonymous()
        #expect(anonymous.path.hasPrefix("/proc/\(getpid())/fd/"))
        #expect(try NetworkNamespace.open(anonymous.path).isSame(as: anonymous))
        #expect(!anonymous.isSame(as: try NetworkNamespace.current()))
        let netlink = try RouteNetlink.open(in: anonymous)
        try netlink.addIFB(named: "ifb0")
        #expect(try netlink.links().compactMap(\.name).sorted() == ["ifb0", "lo"])
        // Another program can use the path while we hold it.
        #expect(try Command.check(["nsenter", "--net=\(anonymous.path)", "ip", "-j", "link", "show", "ifb0"]).contains("ifb0"))
    }
}
