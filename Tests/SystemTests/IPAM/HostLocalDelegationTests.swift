import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// Our host-local in its real place: delegated to by Go's bridge plugin, under Go's libcni and
/// under our runtime, with real namespaces.
@Suite struct HostLocalDelegationTests {
    @Test func goBridgeDelegatesToOurHostLocal() throws {
        try requireGoHarness()
        let scratch = try InteropScratch(ours: ["host-local"], reference: ["bridge", "loopback", "tuning"])
        try scratch.writeBridgeList()
        let a = try TestNamespace(), b = try TestNamespace()
        let byGo = try scratch.golibcni("add", "interop", a.path)
        #expect(byGo.succeeded, "\(byGo.stderr)")
        // CHECK before the second port joins: the reference bridge's CHECK compares the bridge's
        // MAC, which the kernel changes when a port with a lower MAC is added.
        let goCheck = try scratch.golibcni("check", "interop", a.path)
        #expect(goCheck.succeeded, "\(goCheck.stderr)")
        let byUs = try scratch.cnitool("add", "interop", b.path)
        #expect(byUs.succeeded, "\(byUs.stderr)")
        let first = try #require(try byGo.json()["ips"]?.arrayValue?.first?["address"]?.stringValue)
        let second = try #require(try byUs.json()["ips"]?.arrayValue?.first?["address"]?.stringValue)
        #expect(first == "10.250.\(scratch.subnetIndex).2/24" && second == "10.250.\(scratch.subnetIndex).3/24")
        // The leases are ours, in Go's format, and the addresses work.
        let leaseDirectory = "\(scratch.root)/ipam/interop"
        let leases = try FileSystem.listDirectory(leaseDirectory).filter { $0.hasPrefix("10.") }.sorted()
        #expect(leases == [first, second].map { String($0.split(separator: "/")[0]) })
        let ping = try b.exec(["busybox", "ping", "-c", "1", "-W", "2", String(first.split(separator: "/")[0])])
        #expect(ping.succeeded, "\(ping.stdout)\(ping.stderr)")
        let ourCheck = try scratch.cnitool("check", "interop", b.path)
        #expect(ourCheck.succeeded, "\(ourCheck.stderr)")
        for ns in [a, b] {
            #expect(try scratch.cnitool("del", "interop", ns.path).succeeded)
            #expect(try scratch.golibcni("del", "interop", ns.path).succeeded, "DEL must be idempotent")
        }
        #expect(try FileSystem.listDirectory(leaseDirectory).filter { $0.hasPrefix("10.") }.isEmpty)
    }
}
