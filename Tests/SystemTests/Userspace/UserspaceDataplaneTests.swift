import CNISpec
import LinuxSystem
import TestSupport
import Testing

extension UserspaceSystemTests {
    /// End to end: two "containers" (network namespaces), one attached by our cnitool and one by
    /// Go's libcni, each get an interface on one OVS-DPDK bridge; their `usrsp-app` agents start
    /// testpmd, and packets flow one way, then the other. No hugepages, the PMD sleeps when idle,
    /// every run is bounded in time, and the daemons, sockets and EAL directories are removed
    /// even when something fails.
    @Suite struct DataplaneTests {
        static let agent = "\(Binaries.buildDirectory)/usrsp-app"

        @Test func vhostUserPacketsFlowBothWaysBetweenTwoContainers() throws {
            try requireGoHarness()
            let scratch = try UserspaceScratch(
                host: #"{"engine":"ovs-dpdk","iftype":"vhostuser","netType":"bridge","vhost":{"mode":"client"},"bridge":{"bridgeName":"br-dp"}}"#)
            let rates = try Self.runPair(scratch)
            print("userspace dataplane, vhost-user through OVS-DPDK: A→B \(Self.mpps(rates.0)) Mpps, B→A \(Self.mpps(rates.1)) Mpps")
        }

        @Test func memifPacketsFlowBothWaysBetweenTwoContainers() throws {
            try requireGoHarness()
            let scratch = try UserspaceScratch(
                host: #"{"engine":"ovs-dpdk","iftype":"memif","netType":"bridge","memif":{"role":"server"},"bridge":{"bridgeName":"br-dp"}}"#)
            let rates = try Self.runPair(scratch)
            print("userspace dataplane, memif through OVS-DPDK: A→B \(Self.mpps(rates.0)) Mpps, B→A \(Self.mpps(rates.1)) Mpps")
        }

        /// `vhost.group`: the receiving container's application runs as nobody (group nogroup),
        /// creates its socket in the group's directory and reads the group's configuration.
        @Test func aNonRootContainerUserInTheGroupGetsPackets() throws {
            let scratch = try UserspaceScratch(
                host: #"{"engine":"ovs-dpdk","iftype":"vhostuser","vhost":{"mode":"client","group":"nogroup"},"bridge":{"bridgeName":"br-dp"}}"#)
            let a = try TestNamespace(prefix: "uspa"), b = try TestNamespace(prefix: "uspb")
            #expect(try scratch.cnitool("add", "usernet", a.path).succeeded)
            #expect(try scratch.cnitool("add", "usernet", b.path).succeeded)
            let ids = scratch.containerIDs()
            try #require(ids.count == 2)
            defer {
                for id in ids {
                    try? FileSystem.removeTree("/var/run/dpdk/usrsp-\(id.prefix(12))-eth0")
                    try? FileSystem.removeTree("/tmp/dpdk/usrsp-\(id.prefix(12))-eth0")
                }
                _ = try? scratch.cnitool("del", "usernet", a.path)
                _ = try? scratch.cnitool("del", "usernet", b.path)
            }
            let rate = try Self.measure(scratch, sender: (a, try Self.configurationFile(scratch, netns: a.path, ids: ids)),
                                        receiver: (b, try Self.configurationFile(scratch, netns: b.path, ids: ids)),
                                        receiverUser: "nobody")
            #expect(rate > 10_000)
            for id in ids { #expect(!FileSystem.exists("/tmp/dpdk/usrsp-\(id.prefix(12))-eth0")) }
        }

        static func mpps(_ pps: Int) -> String {
            let hundredths = (pps + 5_000) / 10_000
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        }

        /// Attaches A (cnitool) and B (golibcni), sends A→B and B→A, and returns the packet
        /// rates the receivers counted; then detaches both and checks that nothing is left.
        static func runPair(_ scratch: UserspaceScratch) throws -> (Int, Int) {
            let a = try TestNamespace(prefix: "uspa"), b = try TestNamespace(prefix: "uspb")
            let addedA = try scratch.cnitool("add", "usernet", a.path)
            #expect(addedA.succeeded, "\(addedA.stderr)")
            let addedB = try scratch.golibcni("add", "usernet", b.path)
            #expect(addedB.succeeded, "\(addedB.stderr)")
            let ids = scratch.containerIDs()
            try #require(ids.count == 2)
            // EAL directories of the agents, removed here too in case an agent was killed.
            let prefixes = ids.map { "usrsp-\($0.prefix(12))-eth0" }
            defer {
                for prefix in prefixes {
                    try? FileSystem.removeTree("/var/run/dpdk/\(prefix)")
                }
                _ = try? scratch.cnitool("del", "usernet", a.path)
                _ = try? scratch.golibcni("del", "usernet", b.path)
            }
            let configA = try Self.configurationFile(scratch, netns: a.path, ids: ids)
            let configB = try Self.configurationFile(scratch, netns: b.path, ids: ids)
            // Port to port, both ways, instead of flooding unknown destinations (NORMAL would
            // also send them to the bridge's own port).
            let ports = try scratch.ovs.ports(on: "br-dp")
            try #require(ports.count == 2)
            let ofports = try ports.map { try scratch.ovs.vsctl("get", "Interface", $0, "ofport") }
            try scratch.ovs.ofctl("del-flows", bridge: "br-dp")
            try scratch.ovs.ofctl("add-flow", bridge: "br-dp", "in_port=\(ofports[0]),actions=output:\(ofports[1])")
            try scratch.ovs.ofctl("add-flow", bridge: "br-dp", "in_port=\(ofports[1]),actions=output:\(ofports[0])")

            let forward = try Self.measure(scratch, sender: (a, configA), receiver: (b, configB))
            let backward = try Self.measure(scratch, sender: (b, configB), receiver: (a, configA))

            let deletedA = try scratch.cnitool("del", "usernet", a.path)
            #expect(deletedA.succeeded, "\(deletedA.stderr)")
            let deletedB = try scratch.golibcni("del", "usernet", b.path)
            #expect(deletedB.succeeded, "\(deletedB.stderr)")
            #expect(try scratch.ovs.ports(on: "br-dp").isEmpty)
            #expect(scratch.containerIDs().isEmpty && scratch.leases().isEmpty)
            #expect(((try? FileSystem.listDirectory(scratch.sharedDir)) ?? []).isEmpty)
            for prefix in prefixes { #expect(!FileSystem.exists("/var/run/dpdk/\(prefix)"), "\(prefix) left behind") }
            return (forward, backward)
        }

        static func configurationFile(_ scratch: UserspaceScratch, netns: String, ids: [String]) throws -> String {
            // Both cnitools name the container after the netns; the cached result's sandbox says which.
            for id in ids {
                if let cached = try? JSONParser.parse(try FileSystem.readFile("\(scratch.root)/cache/results/usernet-\(id)-eth0")),
                   cached["result"]?["interfaces"]?.arrayValue?.first?["sandbox"]?.stringValue == netns {
                    return "\(scratch.dataDir)/\(id)/configData-eth0.json"
                }
            }
            throw CommandFailure(command: "find configuration for \(netns)", output: .init(stdout: "", stderr: "\(ids)", status: 1))
        }

        /// One direction: testpmd txonly in `sender`, rxonly in `receiver`, both driven through
        /// the agent's standard input; the receiver's rate over 4 s once traffic runs.
        static func measure(_ scratch: UserspaceScratch, sender: (TestNamespace, String), receiver: (TestNamespace, String),
                            receiverUser: String? = nil) throws -> Int
        {
            let logs = (tx: "\(scratch.root)/tx.log", rx: "\(scratch.root)/rx.log")
            // An unprivileged receiver runs a copy of the agent: the clone may be under a 0700 directory.
            let shared = try receiverUser.map { _ in try Binaries.copiesForAnyUser([Self.agent]) }
            defer { if let shared { try? FileSystem.removeTree(shared) } }
            let receiverAgent = shared.map { "\($0)/usrsp-app" } ?? Self.agent
            func start(_ ns: TestNamespace, _ config: String, _ mode: String, _ script: String, _ log: String,
                       user: String? = nil) throws -> BackgroundProcess {
                let become = user.map { "setpriv --reuid=\($0) --regid=nogroup --clear-groups " } ?? ""
                let agent = user == nil ? Self.agent : receiverAgent
                return try BackgroundProcess(["sh", "-c", """
                    (\(script)) | timeout 45 ip netns exec \(ns.name) \(become)\(agent) --config \(config) --memory no-huge --timeout 10 \
                      -- -i --forward-mode=\(mode) > \(log) 2>&1
                    """])
            }
            let rx = try start(receiver.0, receiver.1, "rxonly",
                               "sleep 4; echo start; sleep 4; echo 'show port stats all'; sleep 4; echo 'show port stats all'; " +
                               "sleep 0.3; echo stop; sleep 0.3; echo quit", logs.rx, user: receiverUser)
            let tx = try start(sender.0, sender.1, "txonly",
                               "sleep 4; echo start; sleep 9; echo stop; sleep 0.3; echo quit", logs.tx)
            let rxEnded = rx.wait(timeout: 50)
            let txEnded = tx.wait(timeout: 10)
            let rxLog = String(decoding: (try? FileSystem.readFile(logs.rx)) ?? [], as: UTF8.self)
            let txLog = String(decoding: (try? FileSystem.readFile(logs.tx)) ?? [], as: UTF8.self)
            #expect(rxEnded == .exited(0) && txEnded == .exited(0), "receiver: \(rxLog.suffix(1500))\nsender: \(txLog.suffix(1500))")
            #expect(rxLog.contains("Bye...") && txLog.contains("Bye..."), "testpmd ran and quit through the agent's stdin")
            // testpmd's Rx-pps is measured between two "show port stats": the second one counts.
            let rates = rxLog.split(separator: "\n").filter { $0.contains("Rx-pps:") }.compactMap { line in
                line.split(separator: " ").drop { $0 != "Rx-pps:" }.dropFirst().first.flatMap { Int($0) }
            }
            let rate = rates.count >= 2 ? rates[1] : 0
            #expect(rate > 10_000, "receiver counted \(rates) pps; log: \(rxLog.suffix(2000))")
            return rate
        }
    }
}
