import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// A host of its own for firewall tests: the plugin runs inside a test namespace ("host"), so
/// its bridge, its nftables tables and its masquerading never touch the machine's own namespace.
/// An "outside" namespace hangs off the host on `10.250.(N+1).0/24` and `fd00:250:100:(N+1)::/64`
/// and has no route back to the containers' `10.250.N.0/24` and `fd00:250:100:N::/64`: only
/// masqueraded traffic can get answers from it.
final class FirewallTestbed: @unchecked Sendable {
    let host: TestNamespace
    let outside: TestNamespace
    /// The third octet of the containers' subnet; the outside uses the next one.
    let octet: Int
    let pluginDirectory: String
    let dataDirectory: String
    private var containers: [TestNamespace] = []

    /// `ours`: our plugins, or Debian's reference plugins.
    init(octet: Int, ours: Bool = true) throws {
        precondition((100...118).contains(octet), "nftables tests use 10.250.100.0/24 to 10.250.119.0/24")
        self.octet = octet
        host = try TestNamespace(prefix: "nfh")
        outside = try TestNamespace(prefix: "nfo")
        pluginDirectory = ours ? try Binaries.pluginDirectory(ours: ["bridge", "host-local"])
            : try Binaries.pluginDirectory(reference: ["bridge", "host-local"])
        dataDirectory = try Fixtures.temporaryDirectory("swiftcni-nft")
        try Command.check(["ip", "-n", host.name, "link", "add", "nfup0", "type", "veth", "peer", "name", "nfdown0", "netns", outside.name])
        for (namespace, link, address, address6) in [
            (host, "nfup0", "\(hostOutsideAddress)/24", "\(hostOutsideAddress6)/64"),
            (outside, "nfdown0", "\(outsideAddress)/24", "\(outsideAddress6)/64"),
        ] {
            try Command.check(["ip", "-n", namespace.name, "addr", "add", address, "dev", link])
            try Command.check(["ip", "-n", namespace.name, "addr", "add", address6, "dev", link, "nodad"])
            try Command.check(["ip", "-n", namespace.name, "link", "set", link, "up"])
            try Command.check(["ip", "-n", namespace.name, "link", "set", "lo", "up"])
        }
        // Forwarding inside the test's host namespace only; the machine's own setting is untouched.
        try Command.check(["ip", "netns", "exec", host.name, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"])
    }

    deinit {
        try? FileSystem.removeTree(pluginDirectory)
        try? FileSystem.removeTree(dataDirectory)
    }

    /// `10.250.N+1`: the outside network, without the last octet.
    var outsidePrefix: String { "10.250.\(octet + 1)" }
    /// The outside server's address.
    var outsideAddress: String { "\(outsidePrefix).2" }
    /// The host's address on the outside network: what masqueraded traffic comes from.
    var hostOutsideAddress: String { "\(outsidePrefix).1" }
    /// The outside server's IPv6 address.
    var outsideAddress6: String { "fd00:250:100:\(octet + 1)::2" }
    /// The host's IPv6 address on the outside network.
    var hostOutsideAddress6: String { "fd00:250:100:\(octet + 1)::1" }

    /// A bridge configuration on `10.250.N.0/24` and `fd00:250:100:N::/64` with `options` added.
    func config(_ options: String, version: String = "1.0.0", name: String = "nfnet") -> String {
        """
        {"cniVersion":"\(version)","name":"\(name)","type":"bridge","bridge":"nfbr0","isGateway":true,"isDefaultGateway":true,
         \(options)
         "ipam":{"type":"host-local","dataDir":"\(dataDirectory)",
                 "ranges":[[{"subnet":"10.250.\(octet).0/24"}],[{"subnet":"fd00:250:100:\(octet)::/64"}]]}}
        """
    }

    /// A new container namespace, deleted with the testbed.
    func container() throws -> TestNamespace {
        let namespace = try TestNamespace(prefix: "nfc")
        containers.append(namespace)
        return namespace
    }

    /// Runs the bridge plugin inside the host namespace.
    @discardableResult
    func plugin(_ command: String, _ config: String, container: TestNamespace?, id: String, interface: String = "eth0") throws -> Command.Output {
        try Command.run(
            ["ip", "netns", "exec", host.name, "\(pluginDirectory)/bridge"],
            environment: ["CNI_COMMAND": command, "CNI_CONTAINERID": id, "CNI_NETNS": container?.path ?? "",
                          "CNI_IFNAME": interface, "CNI_PATH": pluginDirectory],
            stdin: config)
    }

    /// ADD that must succeed; returns the result.
    @discardableResult
    func add(_ config: String, container: TestNamespace, id: String) throws -> JSONValue {
        let output = try plugin("ADD", config, container: container, id: id)
        guard output.succeeded else { throw CommandFailure(command: "bridge ADD \(id)", output: output) }
        return try JSONParser.parse(output.stdout)
    }

    /// `nft -j list ruleset` in the host namespace, flattened to the rules.
    func rules() throws -> [JSONValue] {
        let text = try Command.check(["ip", "netns", "exec", host.name, "nft", "-j", "list", "ruleset"])
        return try JSONParser.parse(text)["nftables"]?.arrayValue?.compactMap { $0["rule"] } ?? []
    }

    /// The rules whose comment contains `text`.
    func rules(commented text: String) throws -> [JSONValue] {
        try rules().filter { $0["comment"]?.stringValue?.contains(text) ?? false }
    }

    /// The source address the outside server (at `server`, by default its IPv4 address) sees for
    /// a TCP connection from `container`.
    func sourceSeenOutside(from container: TestNamespace, port: Int, to server: String? = nil) throws -> String? {
        let target = server ?? outsideAddress
        let record = "\(dataDirectory)/peer-\(port)"
        let listener = try BackgroundProcess(
            ["ip", "netns", "exec", outside.name, "python3", Fixtures.path("tcp-peer.py"), target, "\(port)", record])
        // Wait for the server to listen (a refused connection is retried), then for its record.
        let connected = eventually(timeout: 15) {
            (try? container.exec(["python3", Fixtures.path("tcp-once.py"), "send", target, "\(port)", "hello"]))?.succeeded ?? false
        }
        guard connected, eventually(timeout: 10, { FileSystem.exists(record) }) else { return nil }
        listener.wait()
        return try String(decoding: FileSystem.readFile(record), as: UTF8.self)
    }

    /// Whether `container` gets an answer from `address`: a TCP connection to a closed port is
    /// refused by a host that received it and can answer (reachable), and times out when the
    /// SYN or the answer is dropped on the way. (No `ping`: one program fewer to install.)
    func reaches(from container: TestNamespace, _ address: String) throws -> Bool {
        let probe = """
            import socket, sys
            s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
            s.settimeout(3)
            try:
                s.connect((sys.argv[1], 9))
            except ConnectionRefusedError:
                sys.exit(0)
            except OSError:
                sys.exit(1)
            sys.exit(0)
            """
        return try container.exec(["python3", "-c", probe, address]).succeeded
    }
}
