import CNISpec
import LinuxSystem
import TestSupport

/// One attachment's world for the plugins that hang a link off a master (macvlan, ipvlan,
/// vlan) and those chained after them (vrf): a namespace acting as the host, with a dummy
/// master `pvm0` up in it (never the machine's own interfaces), a container namespace, a
/// directory of plugin links and an IPAM data directory. The plugins run inside the host
/// namespace (`ip netns exec`). Everything goes when the fixture is released, also on failure.
final class MasterLinkFixture: @unchecked Sendable {
    let host: TestNamespace
    let container: TestNamespace
    let pluginDirectory: String
    let dataDirectory: String
    let master = "pvm0"

    /// `ours`: our binary answers to `plugins`; otherwise Debian's reference does. `reference`
    /// plugins are always Debian's (a chain's first plugin, when only the second is compared).
    init(ours: Bool, plugins: [String], reference: [String] = []) throws {
        host = try TestNamespace(prefix: "pv-host")
        container = try TestNamespace(prefix: ours ? "pv-ours" : "pv-go")
        pluginDirectory = ours
            ? try Binaries.pluginDirectory(ours: plugins, reference: reference)
            : try Binaries.pluginDirectory(reference: plugins + reference)
        dataDirectory = try Fixtures.temporaryDirectory("pv-ipam")
        try Command.check(["ip", "-n", host.name, "link", "add", master, "type", "dummy"])
        try Command.check(["ip", "-n", host.name, "link", "set", master, "up"])
    }

    deinit {
        try? FileSystem.removeTree(pluginDirectory)
        try? FileSystem.removeTree(dataDirectory)
    }

    /// A configuration from a template: `{VERSION}`, `{DATA}` (the IPAM directory), `{MASTER}`
    /// and `{PREV}` (a previous result, `null` if none) are filled in.
    func config(_ template: String, version: String, previous: String = "null") -> String {
        template.replacingAll("{VERSION}", with: version).replacingAll("{DATA}", with: dataDirectory)
            .replacingAll("{MASTER}", with: master).replacingAll("{PREV}", with: previous)
    }

    /// Runs a plugin inside the host namespace for this attachment.
    @discardableResult
    func run(_ plugin: String, _ command: String, config: String, interfaceName: String = "eth0",
             netns: String? = nil, args: String? = nil, containerID: String = "pv-attachment") throws -> Command.Output {
        var environment = [
            "CNI_COMMAND": command, "CNI_CONTAINERID": containerID, "CNI_NETNS": netns ?? container.path,
            "CNI_IFNAME": interfaceName, "CNI_PATH": pluginDirectory,
        ]
        if let args { environment["CNI_ARGS"] = args }
        return try Command.run(
            ["ip", "netns", "exec", host.name, "\(pluginDirectory)/\(plugin)"], environment: environment, stdin: config)
    }

    /// Runs ADD and returns the parsed result, failing with the plugin's output if ADD failed.
    func add(_ plugin: String, config: String, interfaceName: String = "eth0", args: String? = nil) throws -> JSONValue {
        let output = try run(plugin, "ADD", config: config, interfaceName: interfaceName, args: args)
        guard output.succeeded else {
            throw CommandFailure(command: "\(plugin) ADD", output: output)
        }
        return try JSONParser.parse(output.stdout)
    }

    /// Link names in a namespace.
    static func linkNames(_ namespace: TestNamespace) throws -> [String] {
        (try JSONParser.parse(try namespace.ipJSON("link", "show"))).arrayValue?.compactMap { $0["ifname"]?.stringValue }
            .sorted() ?? []
    }

    /// Lease files host-local holds in the data directory (anything but its lock and bookkeeping).
    func leases() -> [String] {
        let output = (try? Command.run(["find", dataDirectory, "-type", "f"]))?.stdout ?? ""
        return output.split(separator: "\n").map(String.init).filter { path in
            let name = path.split(separator: "/").last.map(String.init) ?? ""
            return name != "lock" && !name.hasPrefix("last_reserved_ip") && !path.contains("/.swift-cni-index/")
        }
    }
}
