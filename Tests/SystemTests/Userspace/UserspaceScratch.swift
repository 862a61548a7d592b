import CNISpec
import LinuxSystem
import TestSupport

/// One userspace test's world: a private OVS-DPDK (or the VPP given), plugin links, a network
/// configuration on it, socket and data directories, IPAM data, all removed at the end.
final class UserspaceScratch: @unchecked Sendable {
    private let ovsSandbox: OVSSandbox?
    /// The OVS-DPDK of the OVS tests.
    var ovs: OVSSandbox { ovsSandbox! }
    /// The VPP of the VPP tests.
    let vpp: VPPSandbox?
    let root: String
    let plugins: String
    var sharedDir: String { "\(root)/shared" }
    var dataDir: String { "\(root)/data" }

    /// `host` is the host section's JSON; `extra` more top-level keys (with a leading comma).
    init(host: String, container: String? = nil, extra: String = "", ipam: String? = nil, version: String = "1.0.0",
         ovs: OVSSandbox? = nil, vpp: VPPSandbox? = nil) throws {
        self.vpp = vpp
        ovsSandbox = vpp != nil ? nil : try ovs ?? OVSSandbox()
        root = try Fixtures.temporaryDirectory("swiftcni-usp")
        plugins = try Binaries.pluginDirectory(ours: ["userspace", "host-local"])
        try FileSystem.createDirectory("\(root)/net.d")
        let switchSocket = vpp.map { "\"vppApiSocket\":\"\($0.apiSocket)\"," } ?? "\"ovsdbSocket\":\"\(ovsSandbox!.socket)\","
        let ipamJSON = ipam ?? #"{"type":"host-local","dataDir":"\#(root)/ipam","subnet":"10.56.217.0/24","rangeStart":"10.56.217.131","rangeEnd":"10.56.217.190"}"#
        let json = """
            {"cniVersion":"\(version)","name":"usernet","plugins":[{"type":"userspace","host":\(host),
             \(container.map { "\"container\":\($0)," } ?? "")
             "sharedDir":"\(sharedDir)","dataDir":"\(dataDir)",\(switchSocket)
             "ipam":\(ipamJSON)\(extra)}]}
            """
        try FileSystem.writeFileAtomically("\(root)/net.d/10-usernet.conflist", Array(json.utf8))
    }

    var environment: [String: String] {
        ["NETCONFPATH": "\(root)/net.d", "CNI_PATH": plugins, "CNI_CACHE_DIR": "\(root)/cache"]
    }

    func cnitool(_ arguments: String...) throws -> Command.Output {
        try Command.run([Binaries.cnitool] + arguments, environment: environment)
    }

    func golibcni(_ arguments: String...) throws -> Command.Output {
        try Command.run([Binaries.golibcni] + arguments, environment: environment)
    }

    /// The configuration handed to the container whose netns is `netns` (container IDs are
    /// derived from the netns path by both cnitools).
    func handover(containerID: String, interfaceName: String = "eth0") throws -> JSONValue {
        try JSONParser.parse(try FileSystem.readFile("\(dataDir)/\(containerID)/configData-\(interfaceName).json"))
    }

    /// The container IDs with a data directory.
    func containerIDs() -> [String] { ((try? FileSystem.listDirectory(dataDir)) ?? []).sorted() }

    /// Addresses host-local holds.
    func leases() -> [String] {
        ((try? FileSystem.listDirectory("\(root)/ipam/usernet")) ?? []).filter { $0.hasPrefix("10.") }.sorted()
    }

    deinit {
        try? FileSystem.removeTree(root)
        try? FileSystem.removeTree(plugins)
    }
}

extension Command.Output {
    /// stdout parsed as JSON.
    func resultJSON() throws -> JSONValue { try JSONParser.parse(stdout) }
}
