import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// podman 4.3 (CNI backend) running containers on our bridge and host-local, with no Go plugin
/// on its plugin path: the containers get addresses, reach each other, and everything is released
/// when they are removed.
@Suite struct PodmanBridgeTests {
    @Test func podmanContainersTalkOverOurBridge() throws {
        let plugins = try Binaries.pluginDirectory(ours: ["bridge", "host-local", "loopback"])
        defer { try? FileSystem.removeTree(plugins) }
        let podman = try PodmanHarness(pluginDirectory: plugins)
        let bridge = "podbr\(String(UInt16.random(in: 0 ... .max), radix: 16))"
        let host = HostCleanup()
        host.deleteLink(bridge)
        try podman.addNetwork("podnet", json: """
            {"cniVersion":"1.0.0","name":"podnet","plugins":[
              {"type":"loopback"},
              {"type":"bridge","bridge":"\(bridge)","isGateway":false,"ipMasq":false,"hairpinMode":true,
               "ipam":{"type":"host-local","dataDir":"\(podman.root)/ipam","ranges":[[{"subnet":"10.250.46.0/24"}]]}}]}
            """)
        let first = try podman.podman("run", "-d", "--name", "c1", "--network", "podnet", podman.image, "sleep", "300")
        #expect(first.succeeded, "\(first.stderr)")
        // A static address and MAC: podman passes them as CNI_ARGS IP= and MAC=.
        let second = try podman.podman(
            "run", "-d", "--name", "c2", "--network", "podnet", "--ip", "10.250.46.50", "--mac-address", "02:00:00:00:46:50",
            podman.image, "sleep", "300")
        #expect(second.succeeded, "\(second.stderr)")
        let eth0 = try podman.podman("exec", "c2", "ip", "-o", "addr", "show", "eth0")
        #expect(eth0.stdout.contains("10.250.46.50/24"), "\(eth0.stdout)")
        let link = try podman.podman("exec", "c2", "ip", "-o", "link", "show", "eth0")
        #expect(link.stdout.contains("02:00:00:00:46:50"), "\(link.stdout)")
        let loopback = try podman.podman("exec", "c2", "ip", "-o", "addr", "show", "lo")
        #expect(loopback.stdout.contains("127.0.0.1/8"))
        let inspected = try podman.podman("inspect", "c1", "--format", "{{.NetworkSettings.Networks.podnet.IPAddress}}")
        let address = inspected.stdout.filter { !$0.isWhitespace }
        #expect(address.hasPrefix("10.250.46."), "\(inspected.stdout) \(inspected.stderr)")
        let ping = try podman.podman("exec", "c2", "ping", "-c", "2", "-W", "2", address)
        let back = try podman.podman("exec", "c1", "ping", "-c", "1", "-W", "2", "10.250.46.50")
        #expect(back.succeeded, "\(back.stdout) \(back.stderr)")
        #expect(ping.succeeded && ping.stdout.contains("2 packets received"), "\(ping.stdout) \(ping.stderr)")
        let leases = { (try? FileSystem.listDirectory("\(podman.root)/ipam/podnet"))?.filter { $0.hasPrefix("10.") } ?? [] }
        #expect(leases().count == 2)
        #expect(try podman.podman("rm", "--force", "--time", "0", "c1", "c2").succeeded)
        #expect(leases().isEmpty, "\(leases())")
    }
}
