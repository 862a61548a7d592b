#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import TestSupport
import Testing

extension UserspaceSystemTests {
    /// `netType` `bridge` in the container: each agent runs an OVS-DPDK of its own whose bridge
    /// port is a kernel interface with the IPAM address, so ordinary sockets in one container
    /// reach the other through three OVS instances and two vhost-user links.
    @Suite struct ContainerOVSTests {
        @Test func tcpFlowsBetweenContainersThroughTheirOwnOVSInstances() throws {
            let scratch = try UserspaceScratch(
                host: #"{"engine":"ovs-dpdk","iftype":"vhostuser","netType":"bridge","vhost":{"mode":"client"},"bridge":{"bridgeName":"br-dp"}}"#,
                container: #"{"netType":"bridge","bridge":{"bridgeName":"br-c"}}"#, ovs: OVSSandbox(memoryMB: 256))
            let a = try TestNamespace(prefix: "uspa"), b = try TestNamespace(prefix: "uspb")
            let addedA = try scratch.cnitool("add", "usernet", a.path)
            let addedB = try scratch.cnitool("add", "usernet", b.path)
            #expect(addedA.succeeded && addedB.succeeded, "\(addedA.stderr)\(addedB.stderr)")
            let address = try #require(try addedB.resultJSON()["ips"]?.arrayValue?.first?["address"]?.stringValue?.split(separator: "/").first)
            let ids = scratch.containerIDs()
            try #require(ids.count == 2)
            var agents: [BackgroundProcess] = []
            defer {
                // Normally done by then; on a failure, the agents get the chance to clean up,
                // and anything of theirs still running is killed by its run directory.
                for agent in agents { kill(agent.pid, SIGTERM) }
                for agent in agents { agent.wait(timeout: 20) }
                Self.killProcesses(mentioning: "\(scratch.root)/ovs-")
                for id in ids { try? FileSystem.removeTree("/var/run/dpdk/usrsp-ovs-\(id.prefix(12))-eth0") }
                _ = try? scratch.cnitool("del", "usernet", a.path)
                _ = try? scratch.cnitool("del", "usernet", b.path)
            }
            for ns in [a, b] {
                let config = try DataplaneTests.configurationFile(scratch, netns: ns.path, ids: ids)
                agents.append(try BackgroundProcess(["timeout", "60", "ip", "netns", "exec", ns.name, DataplaneTests.agent,
                                                     "--config", config, "--memory", "no-huge", "--memory-mb", "256",
                                                     "--ovs-dir", "\(scratch.root)/ovs-\(ns.name)", "--pmd-cpu", "1"]))
            }
            // Each agent's OVS comes up, then its port links up with the host's.
            #expect(eventually(timeout: 30) {
                (try? b.exec(["ip", "-br", "addr", "show", "br-c"]))?.stdout.contains(String(address)) == true
                    && (try? a.exec(["ip", "-br", "addr", "show", "br-c"]))?.stdout.contains("10.56.217.") == true
            })
            let received = "\(scratch.root)/received"
            let port = Int.random(in: 20000...29999)
            let server = try BackgroundProcess(["ip", "netns", "exec", b.name, Fixtures.path("tcp-once.py"), "serve",
                                                String(address), "\(port)", received])
            var sent = false
            for _ in 0..<20 where !sent {
                sent = (try? a.exec([Fixtures.path("tcp-once.py"), "send", String(address), "\(port)", "hello"]))?.succeeded == true
                if !sent { usleep(500_000) }
            }
            #expect(sent)
            server.wait(timeout: 15)
            #expect((try? FileSystem.readFile(received)).map { String(decoding: $0, as: UTF8.self) } == "hello")

            // SIGTERM: the agents stop their daemons and remove their directories and EAL files.
            for agent in agents { kill(agent.pid, SIGTERM) }
            for agent in agents { #expect(agent.wait(timeout: 20) != nil) }
            for ns in [a, b] {
                #expect(!FileSystem.exists("\(scratch.root)/ovs-\(ns.name)"))
                #expect(try ns.ipJSON("link", "show").contains("ovs-netdev") == false, "tap devices removed")
            }
            for id in ids { #expect(!FileSystem.exists("/var/run/dpdk/usrsp-ovs-\(id.prefix(12))-eth0")) }
            #expect(Self.processes(mentioning: "\(scratch.root)/ovs-").isEmpty)
        }

        /// Processes whose command line contains `text`.
        static func processes(mentioning text: String) -> [pid_t] {
            ((try? FileSystem.listDirectory("/proc")) ?? []).compactMap { pid_t($0) }.filter { pid in
                ProcessTable.commandLine(of: pid).contains { $0.contains(text) }
            }
        }

        static func killProcesses(mentioning text: String) {
            for pid in processes(mentioning: text) { ProcessTable.terminate(pid, startTime: nil, grace: 2) }
        }
    }
}
