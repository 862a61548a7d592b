import CNISpec
import LinuxSystem
import TestSupport
import Testing

extension UserspaceSystemTests.VPPTests {
    /// End to end through VPP: two "containers" (network namespaces) get an interface each in
    /// one bridge domain; their `usrsp-app` agents start testpmd, and packets sent by one reach
    /// the other through VPP, one way and then the other. No hugepages; every run is bounded in
    /// time; VPP, sockets and EAL directories are removed even when something fails.
    @Suite(.serialized) struct DataplaneTests {
        @Test func memifPacketsCrossVPPBothWays() throws {
            let rates = try Self.runPair(host: UserspaceSystemTests.VPPTests.memifBridge)
            print("userspace dataplane, memif through VPP: A→B \(Self.mpps(rates.0)) Mpps, B→A \(Self.mpps(rates.1)) Mpps")
        }

        @Test func vhostUserPacketsCrossVPPBothWays() throws {
            let rates = try Self.runPair(host: UserspaceSystemTests.VPPTests.vhostBridge)
            print("userspace dataplane, vhost-user through VPP: A→B \(Self.mpps(rates.0)) Mpps, B→A \(Self.mpps(rates.1)) Mpps")
        }

        static func mpps(_ pps: Int) -> String { UserspaceSystemTests.DataplaneTests.mpps(pps) }

        /// Attaches A and B, measures A→B and B→A with testpmd through the agents, detaches both
        /// and checks that VPP and the directories hold nothing of theirs.
        static func runPair(host: String) throws -> (Int, Int) {
            let vpp = try VPPSandbox()
            let (scratch, ipamDir) = try UserspaceSystemTests.VPPTests.scratch(host: host, vpp: vpp)
            defer { try? FileSystem.removeTree(ipamDir) }
            let a = try TestNamespace(prefix: "vpa"), b = try TestNamespace(prefix: "vpb")
            let addedA = try scratch.cnitool("add", "usernet", a.path)
            #expect(addedA.succeeded, "\(addedA.stderr)")
            let addedB = try scratch.cnitool("add", "usernet", b.path)
            #expect(addedB.succeeded, "\(addedB.stderr)")
            let ids = scratch.containerIDs()
            try #require(ids.count == 2)
            let prefixes = ids.map { "usrsp-\($0.prefix(12))-eth0" }
            defer {
                for prefix in prefixes { try? FileSystem.removeTree("/var/run/dpdk/\(prefix)") }
                _ = try? scratch.cnitool("del", "usernet", a.path)
                _ = try? scratch.cnitool("del", "usernet", b.path)
            }
            let dataplane = UserspaceSystemTests.DataplaneTests.self
            let configA = try dataplane.configurationFile(scratch, netns: a.path, ids: ids)
            let configB = try dataplane.configurationFile(scratch, netns: b.path, ids: ids)
            let forward = try dataplane.measure(scratch, sender: (a, configA), receiver: (b, configB))
            let backward = try dataplane.measure(scratch, sender: (b, configB), receiver: (a, configA))
            // VPP's own count: what it took in on the ports and sent out of them.
            print(try vpp.vppctl("show", "interface"))

            #expect(try scratch.cnitool("del", "usernet", a.path).succeeded)
            #expect(try scratch.cnitool("del", "usernet", b.path).succeeded)
            let left = try vpp.vppctl("show", "interface")
            #expect(!left.contains("memif") && !left.contains("VirtualEthernet"), "\(left)")
            #expect(scratch.containerIDs().isEmpty && scratch.leases().isEmpty)
            #expect(((try? FileSystem.listDirectory(scratch.sharedDir)) ?? []).isEmpty)
            for prefix in prefixes { #expect(!FileSystem.exists("/var/run/dpdk/\(prefix)"), "\(prefix) left behind") }
            return (forward, backward)
        }
    }
}
