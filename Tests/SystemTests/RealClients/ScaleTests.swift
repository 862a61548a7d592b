import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// 100 containers on one network, 10 at a time, through our cnitool and plugins: 100 distinct
/// addresses, no failure, and nothing left after DEL. (No time is asserted: `make bench` measures.)
@Suite struct ScaleTests {
    @Test func hundredContainersTenAtATime() throws {
        let scratch = try InteropScratch(ours: ["loopback", "bridge", "host-local"], reference: [])
        let json = """
            {"cniVersion":"1.0.0","name":"scale","plugins":[{"type":"loopback"},
              {"type":"bridge","bridge":"\(scratch.bridge)","ipam":{"type":"host-local","dataDir":"\(scratch.root)/ipam",
               "ranges":[[{"subnet":"10.250.48.0/24"}]]}}]}
            """
        try FileSystem.writeFileAtomically("\(scratch.root)/net.d/scale.conflist", Array(json.utf8))
        let names = (0..<100).map { "scale-\(getpidForTests())-\($0)" }
        defer { for name in names { _ = try? Command.run(["ip", "netns", "del", name]) } }
        for name in names { try Command.check(["ip", "netns", "add", name]) }
        let list = names.joined(separator: "\n")
        let add = try Command.run(
            ["sh", "-c", "xargs -P 10 -I{} \(Binaries.cnitool) add scale /var/run/netns/{} > /dev/null"],
            environment: scratch.environment, stdin: list, timeout: 300)
        #expect(add.succeeded, "\(add.stderr)")
        let leases = try FileSystem.listDirectory("\(scratch.root)/ipam/scale").filter { $0.hasPrefix("10.") }
        #expect(Set(leases).count == 100)
        var addresses = Set<String>()
        for name in names {
            let eth0 = try JSONParser.parse(try Command.check(["ip", "-n", name, "-j", "addr", "show", "eth0"]))
            if let local = eth0.arrayValue?.first?["addr_info"]?.arrayValue?.first(where: { $0["family"] == "inet" })?["local"]?.stringValue {
                addresses.insert(local)
            }
        }
        #expect(addresses.count == 100)
        let del = try Command.run(
            ["sh", "-c", "xargs -P 10 -I{} \(Binaries.cnitool) del scale /var/run/netns/{}"],
            environment: scratch.environment, stdin: list, timeout: 300)
        #expect(del.succeeded, "\(del.stderr)")
        #expect(try FileSystem.listDirectory("\(scratch.root)/ipam/scale").filter { $0.hasPrefix("10.") }.isEmpty)
        #expect(try Command.check(["ip", "-o", "link", "show", "master", scratch.bridge]).isEmpty)
        #expect(try FileSystem.listDirectory("\(scratch.root)/cache/results").isEmpty)
    }
}

#if canImport(Glibc)
import Glibc
#endif
private func getpidForTests() -> Int32 { getpid() }
