#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// The `slirp` plugin end to end with the real slirp4netns and pasta from Debian. Traffic only
/// ever goes to 10.0.2.2 (the host's loopback, through slirp) and to loopback ports.
@Suite struct SlirpPluginTests {
    static let backends = ["slirp4netns", "pasta"]
    static let tcpOnce = Fixtures.path("tcp-once.py")

    final class Setup: @unchecked Sendable {
        let root: String
        let plugins: String
        let stateDir: String
        init(backend: String, extra: String = "", version: String = "1.0.0") throws {
            root = try Fixtures.temporaryDirectory("swiftcni-slirp")
            plugins = try Binaries.pluginDirectory(ours: ["slirp", "loopback"])
            stateDir = "\(root)/state"
            try FileSystem.createDirectory("\(root)/net.d")
            let json = """
                {"cniVersion":"\(version)","name":"slirpnet","plugins":[{"type":"loopback"},
                 {"type":"slirp","backend":"\(backend)","disableDNS":true,"stateDir":"\(stateDir)",
                  "capabilities":{"portMappings":true}\(extra)}]}
                """
            try FileSystem.writeFileAtomically("\(root)/net.d/slirp.conflist", Array(json.utf8))
        }
        var environment: [String: String] {
            ["NETCONFPATH": "\(root)/net.d", "CNI_PATH": plugins, "CNI_CACHE_DIR": "\(root)/cache"]
        }
        func cnitool(_ arguments: String..., extra: [String: String] = [:]) throws -> Command.Output {
            try Command.run([Binaries.cnitool] + arguments, environment: environment.merging(extra) { $1 })
        }
        /// The one state record ADD left.
        func state() throws -> JSONValue {
            let file = try #require(try FileSystem.listDirectory(stateDir).first { $0.hasSuffix(".json") })
            return try JSONParser.parse(try FileSystem.readFile("\(stateDir)/\(file)"))
        }
        deinit {
            try? FileSystem.removeTree(root)
            try? FileSystem.removeTree(plugins)
        }
    }

    static func port() -> Int { Int.random(in: 20000...29999) }

    @Test(arguments: backends)
    func containerReachesHostLoopbackAndHostReachesContainer(_ backend: String) throws {
        let setup = try Setup(backend: backend)
        let ns = try TestNamespace()
        let hostPort = Self.port(), containerPort = Self.port()
        let added = try setup.cnitool("add", "slirpnet", ns.path, extra: [
            "CAP_ARGS": #"{"portMappings":[{"hostPort":\#(hostPort),"containerPort":\#(containerPort),"protocol":"tcp"}]}"#])
        #expect(added.succeeded, "\(added.stderr)")
        defer { _ = try? setup.cnitool("del", "slirpnet", ns.path) }
        let result = try added.json()
        #expect(result["ips"] == [["interface": 0, "address": "10.0.2.100/24", "gateway": "10.0.2.2"]])
        #expect(result["routes"] == [["dst": "0.0.0.0/0", "gw": "10.0.2.2"]])
        let mac = try #require(result["interfaces"]?.arrayValue?.first?["mac"]?.stringValue)
        let link = try JSONParser.parse(try ns.ipJSON("link", "show", "eth0"))
        #expect(link.arrayValue?.first?["address"]?.stringValue == mac)

        // Container → host: a server on the host's 127.0.0.1, reached at 10.0.2.2.
        let hostServerPort = Self.port()
        let received = "\(setup.root)/from-container"
        let server = try BackgroundProcess([Self.tcpOnce, "serve", "127.0.0.1", "\(hostServerPort)", received])
        _ = eventually { (try? Command.run(["sh", "-c", "ss -ltn | grep -q 127.0.0.1:\(hostServerPort)"]).succeeded) ?? false }
        let sent = try ns.exec([Self.tcpOnce, "send", "10.0.2.2", "\(hostServerPort)", "hello host"])
        #expect(sent.succeeded, "\(sent.stderr)")
        server.wait()
        #expect(String(decoding: try FileSystem.readFile(received), as: UTF8.self) == "hello host")

        // Host → container: the port mapping, bound to 127.0.0.1 only.
        let inbound = "\(setup.root)/from-host"
        let containerServer = try BackgroundProcess(
            ["ip", "netns", "exec", ns.name, Self.tcpOnce, "serve", "0.0.0.0", "\(containerPort)", inbound])
        _ = eventually { (try? ns.exec(["sh", "-c", "ss -ltn | grep -q :\(containerPort)"]).succeeded) ?? false }
        let listeners = try Command.check(["ss", "-Hltn", "sport", "= :\(hostPort)"])
        #expect(listeners.contains("127.0.0.1:\(hostPort)") && !listeners.contains("0.0.0.0:\(hostPort)"), "\(listeners)")
        #expect(try Command.run([Self.tcpOnce, "send", "127.0.0.1", "\(hostPort)", "hello container"]).succeeded)
        containerServer.wait()
        #expect(String(decoding: try FileSystem.readFile(inbound), as: UTF8.self) == "hello container")

        #expect(try setup.cnitool("check", "slirpnet", ns.path).succeeded)
    }

    /// Runtimes pass namespaces as `/proc/PID/fd/N` too (buildah does): a descriptor of theirs.
    @Test(arguments: backends)
    func aNamespaceGivenAsADescriptorPathWorks(_ backend: String) throws {
        let setup = try Setup(backend: backend)
        let ns = try TestNamespace()
        let descriptor = try FileDescriptor.open(ns.path, flags: O_RDONLY)
        let path = "/proc/\(getpid())/fd/\(descriptor.rawValue)"
        let added = try setup.cnitool("add", "slirpnet", path)
        #expect(added.succeeded, "\(added.stderr)")
        #expect(try setup.cnitool("check", "slirpnet", path).succeeded)
        let link = try JSONParser.parse(try ns.ipJSON("addr", "show", "eth0"))
        #expect(link.arrayValue?.first?["addr_info"]?.arrayValue?.contains { $0["local"] == "10.0.2.100" } == true)
        #expect(try setup.cnitool("del", "slirpnet", path).succeeded)
        withExtendedLifetime(descriptor) {}
    }

    @Test(arguments: backends)
    func mtuIsApplied(_ backend: String) throws {
        let setup = try Setup(backend: backend, extra: #","mtu":65520"#)
        let ns = try TestNamespace()
        #expect(try setup.cnitool("add", "slirpnet", ns.path).succeeded)
        defer { _ = try? setup.cnitool("del", "slirpnet", ns.path) }
        let link = try JSONParser.parse(try ns.ipJSON("link", "show", "eth0"))
        #expect(link.arrayValue?.first?["mtu"] == 65520)
    }

    @Test(arguments: backends)
    func killingTheBackendFailsCheckAndDeleteStillSucceeds(_ backend: String) throws {
        let setup = try Setup(backend: backend)
        let ns = try TestNamespace()
        #expect(try setup.cnitool("add", "slirpnet", ns.path).succeeded)
        let pid = try #require(try setup.state()["pid"]?.numberValue?.integer(as: Int32.self))
        #expect(ProcessTable.commandLine(of: pid).first?.hasSuffix(backend) == true)
        kill(pid, SIGKILL)
        #expect(eventually { !ProcessTable.isRunning(pid) })
        let check = try setup.cnitool("check", "slirpnet", ns.path)
        #expect(!check.succeeded && check.stderr.contains("is not running"), "\(check.stderr)")
        #expect(try setup.cnitool("del", "slirpnet", ns.path).succeeded)
        #expect(try setup.cnitool("del", "slirpnet", ns.path).succeeded)
        #expect(try FileSystem.listDirectory(setup.stateDir).isEmpty)
    }

    @Test(arguments: backends)
    func deleteStopsExactlyThatProcessAndRemovesItsFiles(_ backend: String) throws {
        let setup = try Setup(backend: backend)
        let a = try TestNamespace(), b = try TestNamespace()
        #expect(try setup.cnitool("add", "slirpnet", a.path).succeeded)
        let first = try #require(try setup.state()["pid"]?.numberValue?.integer(as: Int32.self))
        #expect(try setup.cnitool("add", "slirpnet", b.path).succeeded)
        defer { _ = try? setup.cnitool("del", "slirpnet", b.path) }
        #expect(try setup.cnitool("del", "slirpnet", a.path).succeeded)
        #expect(eventually { !ProcessTable.isRunning(first) })
        let left = try FileSystem.listDirectory(setup.stateDir)
        #expect(left.filter { $0.hasSuffix(".json") }.count == 1, "\(left)")
        #expect(try setup.cnitool("check", "slirpnet", b.path).succeeded)
    }

    @Test func garbageCollectionStopsProcessesOfAttachmentsThatAreGone() throws {
        let setup = try Setup(backend: "slirp4netns", version: "1.1.0")
        let live = try TestNamespace()
        var gone: TestNamespace? = try TestNamespace()
        #expect(try setup.cnitool("add", "slirpnet", live.path).succeeded)
        #expect(try setup.cnitool("add", "slirpnet", try #require(gone?.path)).succeeded)
        let records = try FileSystem.listDirectory(setup.stateDir).filter { $0.hasSuffix(".json") }
        #expect(records.count == 2)
        gone = nil
        #expect(try setup.cnitool("gc", "slirpnet").succeeded)
        let after = try FileSystem.listDirectory(setup.stateDir).filter { $0.hasSuffix(".json") }
        #expect(after.count == 1)
        #expect(try setup.cnitool("check", "slirpnet", live.path).succeeded)
        #expect(try setup.cnitool("del", "slirpnet", live.path).succeeded)
    }

    @Test(arguments: [
        (#","mtu":1400"#, "mtu"), (#","mtu":70000"#, "mtu"), (#","backend":"tun""#, "backend"),
        (#","cidr":"10.0.2.0/30""#, "cidr"), (#","outboundAddr":"::1""#, "outboundAddr"),
        (#","mtu":"big""#, "mtu"),
    ])
    func badConfigurationsAreRefusedNamingTheField(_ extra: String, _ field: String) throws {
        let setup = try Setup(backend: "slirp4netns", extra: extra)
        let ns = try TestNamespace()
        let added = try setup.cnitool("add", "slirpnet", ns.path)
        #expect(!added.succeeded && added.stderr.contains(field), "\(added.stderr)")
        #expect(((try? FileSystem.listDirectory(setup.stateDir)) ?? []).isEmpty)
    }

    @Test func aMissingBinaryIsAClearError() throws {
        let setup = try Setup(backend: "slirp4netns")
        let ns = try TestNamespace()
        defer { _ = try? setup.cnitool("del", "slirpnet", ns.path) }  // should an ADD wrongly succeed
        let added = try setup.cnitool("add", "slirpnet", ns.path, extra: ["SLIRP4NETNS": "/nonexistent/slirp4netns"])
        #expect(!added.succeeded && added.stderr.contains("SLIRP4NETNS=/nonexistent/slirp4netns"), "\(added.stderr)")
        let missing = try setup.cnitool("add", "slirpnet", ns.path, extra: ["PATH": "/nonexistent"])
        #expect(!missing.succeeded && missing.stderr.contains("slirp4netns not found"), "\(missing.stderr)")
    }

    /// An ordinary user (nobody), root only inside a user namespace of its own, attaches a
    /// namespace it made and gets connectivity to the host's loopback.
    @Test func rootlessUserGetsConnectivity() throws {
        let setup = try Setup(backend: "slirp4netns")
        let received = "\(setup.root)/rootless"
        try Command.check(["chmod", "-R", "a+rwX", setup.root])
        // What nobody runs, copied out of the clone (which may be under a 0700 directory): the
        // plugins replace the symlinks into .build.
        let shared = try Binaries.copiesForAnyUser([Binaries.cnitool, Binaries.plugins, Self.tcpOnce])
        defer { try? FileSystem.removeTree(shared) }
        for name in ["slirp", "loopback"] {
            try Command.check(["ln", "-sf", "\(shared)/cni-plugins", "\(setup.plugins)/\(name)"])
        }
        try Command.check(["chmod", "a+rx", setup.plugins])
        let cnitool = "\(shared)/cnitool", tcpOnce = "\(shared)/tcp-once.py"
        let hostPort = Self.port()
        let server = try BackgroundProcess([Self.tcpOnce, "serve", "127.0.0.1", "\(hostPort)", received])
        _ = eventually { (try? Command.run(["sh", "-c", "ss -ltn | grep -q 127.0.0.1:\(hostPort)"]).succeeded) ?? false }
        let script = """
            set -e
            unshare --net sleep 30 & container=$!
            sleep 0.2
            \(cnitool) add slirpnet /proc/$container/ns/net
            nsenter --preserve-credentials -n -t $container \(tcpOnce) send 10.0.2.2 \(hostPort) rootless-hello
            \(cnitool) del slirpnet /proc/$container/ns/net
            kill $container
            """
        var environment = setup.environment
        environment["XDG_RUNTIME_DIR"] = ""
        // Debian's udev makes /dev/net/tun 0666 (anyone may create a tap in their own namespace);
        // machines without udev leave it 0600. Open it up for the test and put it back after.
        let tunMode = try Command.check(["stat", "-c", "%a", "/dev/net/tun"]).filter { !$0.isWhitespace }
        try Command.check(["chmod", "0666", "/dev/net/tun"])
        defer { _ = try? Command.run(["chmod", tunMode, "/dev/net/tun"]) }
        let output = try Command.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "unshare", "--user", "--map-root-user",
             "sh", "-c", script], environment: environment, timeout: 60)
        #expect(output.succeeded, "\(output.stdout)\(output.stderr)")
        server.wait()
        #expect(String(decoding: (try? FileSystem.readFile(received)) ?? [], as: UTF8.self) == "rootless-hello")
    }
}
