import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// containerd's `ctr run --cni` with our bridge, host-local and loopback as the only plugins.
@Suite struct ContainerdBridgeTests {
    @Test func ctrContainersTalkOverOurBridgeAndAreReleased() throws {
        let plugins = try Binaries.pluginDirectory(ours: ["bridge", "host-local", "loopback"])
        defer { try? FileSystem.removeTree(plugins) }
        let containerd = try ContainerdHarness(pluginDirectory: plugins)
        let bridge = "ctrbr\(String(UInt16.random(in: 0 ... .max), radix: 16))"
        let host = HostCleanup()
        host.deleteLink(bridge)
        try containerd.setNetwork(json: """
            {"cniVersion":"1.0.0","name":"ctrnet","plugins":[
              {"type":"loopback"},
              {"type":"bridge","bridge":"\(bridge)","isGateway":false,"ipMasq":false,
               "ipam":{"type":"host-local","dataDir":"\(containerd.root)/ipam","ranges":[[{"subnet":"10.250.47.0/24"}]]}}]}
            """)
        // A long-running container, in the foreground form (which runs DEL when the task ends).
        let server = try BackgroundProcess(["sh", "-c", "\(containerd.ctrWithCNI) run --rm --cni \(containerd.image) srv1 sleep 60"])
        let leases = { (try? FileSystem.listDirectory("\(containerd.root)/ipam/ctrnet"))?.filter { $0.hasPrefix("10.") } ?? [] }
        #expect(eventually(timeout: 20) { leases().count == 1 })
        let address = try #require(leases().first)
        // A second container pings the first, then exits: ctr runs DEL for it.
        let client = try Command.run(
            ["sh", "-c", "\(containerd.ctrWithCNI) run --rm --cni \(containerd.image) cli1 ping -c 2 -W 2 \(address)"], timeout: 60)
        #expect(client.succeeded && client.stdout.contains("2 packets received"), "\(client.stdout) \(client.stderr)")
        #expect(eventually(timeout: 10) { leases().count == 1 }, "the client's lease was not released: \(leases())")
        // Ending the first task makes ctr run its DEL too.
        _ = try containerd.ctr("-n", "default", "tasks", "kill", "-s", "KILL", "srv1")
        server.wait(timeout: 20)
        #expect(eventually(timeout: 10) { leases().isEmpty }, "\(leases())")
        let links = try Command.check(["ip", "-o", "link", "show", "master", bridge])
        #expect(links.isEmpty, "ports left on \(bridge): \(links)")
    }
}
