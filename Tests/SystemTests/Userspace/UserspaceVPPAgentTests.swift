#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import TestSupport
import Testing

extension UserspaceSystemTests.VPPTests {
    /// The agent's VPP side: each container runs a VPP of its own (`usrsp-app --mode vpp`),
    /// which takes the container's end of the memif with the IPAM address; VPP's ping from one
    /// container's VPP reaches the other's across the host VPP's bridge domain.
    @Suite struct AgentTests {
        @Test func containerLocalVPPsPingEachOtherThroughTheHostVPP() throws {
            let vpp = try VPPSandbox()
            let (scratch, ipamDir) = try UserspaceSystemTests.VPPTests.scratch(
                host: UserspaceSystemTests.VPPTests.memifBridge, vpp: vpp)
            defer { try? FileSystem.removeTree(ipamDir) }
            let a = try TestNamespace(prefix: "vpa"), b = try TestNamespace(prefix: "vpb")
            #expect(try scratch.cnitool("add", "usernet", a.path).succeeded)
            #expect(try scratch.cnitool("add", "usernet", b.path).succeeded)
            defer {
                _ = try? scratch.cnitool("del", "usernet", a.path)
                _ = try? scratch.cnitool("del", "usernet", b.path)
            }
            let ids = scratch.containerIDs()
            try #require(ids.count == 2)
            let dataplane = UserspaceSystemTests.DataplaneTests.self
            let configA = try dataplane.configurationFile(scratch, netns: a.path, ids: ids)
            let configB = try dataplane.configurationFile(scratch, netns: b.path, ids: ids)
            let addressB = try #require(try JSONParser.parse(try FileSystem.readFile(configB))["ipResult"]?["ips"]?
                .arrayValue?.first?["address"]?.stringValue?.split(separator: "/").first.map(String.init))
            let binary = try #require(VPPSandbox.binary)
            let directories = (a: "\(scratch.root)/vpp-a", b: "\(scratch.root)/vpp-b")
            func agent(_ ns: TestNamespace, _ config: String, _ directory: String) throws -> BackgroundProcess {
                try BackgroundProcess(["ip", "netns", "exec", ns.name, DataplaneTests.agentBinary, "--config", config,
                                       "--mode", "vpp", "--vpp", binary, "--vpp-dir", directory])
            }
            let agentA = try agent(a, configA, directories.a)
            let agentB = try agent(b, configB, directories.b)
            let cli = { (directory: String, arguments: [String]) throws -> String in
                try Command.check([Self.vppctl(beside: binary), "-s", "\(directory)/cli.sock"] + arguments)
            }
            // Both memifs connected: the host VPP shows them up.
            let connected = eventually(timeout: 30) {
                ((try? vpp.vppctl("show", "memif")) ?? "").components(of: "connected") >= 2
            }
            #expect(connected, "\((try? vpp.vppctl("show", "memif")) ?? "")")
            let ping = try cli(directories.a, ["ping", addressB, "repeat", "5"])
            print("container VPP A pings B:", ping)
            #expect(ping.contains("received") && !ping.contains(" 0 received"), "\(ping)")

            // The agents stop their VPPs and remove their directories on SIGTERM.
            for agent in [agentA, agentB] {
                _ = kill(agent.pid, SIGTERM)
                #expect(agent.wait(timeout: 20) != nil)
            }
            #expect(!FileSystem.exists(directories.a) && !FileSystem.exists(directories.b))
        }

        static func vppctl(beside binary: String) -> String {
            String(binary.prefix(upTo: binary.lastIndex(of: "/") ?? binary.endIndex)) + "/vppctl"
        }
    }
}

extension UserspaceSystemTests.VPPTests.DataplaneTests {
    static var agentBinary: String { UserspaceSystemTests.DataplaneTests.agent }
}

extension String {
    /// How often `word` appears.
    func components(of word: String) -> Int { occurrences(of: word, in: self) }
}
