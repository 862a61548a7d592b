import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// podman (rootful, CNI backend) running containers on a network made by our `slirp` plugin.
@Suite struct SlirpPodmanTests {
    @Test(arguments: ["slirp4netns", "pasta"])
    func podmanContainerReachesTheHostAndIsReachedThroughAPortMapping(_ backend: String) throws {
        let plugins = try Binaries.pluginDirectory(ours: ["slirp", "loopback"])
        defer { try? FileSystem.removeTree(plugins) }
        let podman = try PodmanHarness(pluginDirectory: plugins)
        try podman.addNetwork("slirpnet", json: """
            {"cniVersion":"1.0.0","name":"slirpnet","plugins":[{"type":"loopback"},
             {"type":"slirp","backend":"\(backend)","disableDNS":true,"stateDir":"\(podman.root)/slirp",
              "capabilities":{"portMappings":true}}]}
            """)
        // The container fetches a file from a server on the host's loopback, at 10.0.2.2.
        let hostPort = Int.random(in: 20000...29999)
        try FileSystem.writeFileAtomically("\(podman.root)/index.html", Array("hello from the host\n".utf8))
        let web = try BackgroundProcess(["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", podman.root, "\(hostPort)"])
        _ = web
        _ = eventually { (try? Command.run(["sh", "-c", "ss -ltn | grep -q 127.0.0.1:\(hostPort)"]).succeeded) ?? false }
        let fetched = try podman.podman(
            "run", "--rm", "--network", "slirpnet", podman.image, "sh", "-c",
            "ip -o addr show eth0; wget -qO- http://10.0.2.2:\(hostPort)/index.html")
        #expect(fetched.succeeded, "\(fetched.stderr)")
        #expect(fetched.stdout.contains("10.0.2.100/24") && fetched.stdout.contains("hello from the host"), "\(fetched.stdout)")
        // After --rm, DEL stopped the backend: no state is left.
        #expect(((try? FileSystem.listDirectory("\(podman.root)/slirp")) ?? []).filter { $0.hasSuffix(".json") }.isEmpty)

        // A long-running container keeps its backend until podman removes it (DEL).
        let started = try podman.podman("run", "-d", "--name", "idle", "--network", "slirpnet", podman.image, "sleep", "300")
        #expect(started.succeeded, "\(started.stderr)")
        let records = ((try? FileSystem.listDirectory("\(podman.root)/slirp")) ?? []).filter { $0.hasSuffix(".json") }
        #expect(records.count == 1)
        #expect(try podman.podman("rm", "--force", "--time", "0", "idle").succeeded)
        #expect(((try? FileSystem.listDirectory("\(podman.root)/slirp")) ?? []).filter { $0.hasSuffix(".json") }.isEmpty)
        // (Published ports, `-p`, cannot work here: podman's CNI backend binds every published
        // host port itself after the plugins ran, expecting kernel DNAT from `portmap`, so a
        // user-mode forwarder listening on that port makes podman fail with "address already in
        // use". See docs/slirp.md.)
    }
}
