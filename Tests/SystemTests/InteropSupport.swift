import CNISpec
import LinuxSystem
import TestSupport

/// A scratch area for one interop test: config directory, cache, IPAM data, plugin links and a
/// unique bridge on its own subnet, all removed at the end.
final class InteropScratch: @unchecked Sendable {
    let root: String
    let pluginDirectory: String
    let bridge: String
    let subnetIndex: Int
    let host = HostCleanup()

    init(ours: [String] = [], reference: [String] = ["bridge", "host-local", "loopback", "tuning"]) throws {
        root = try Fixtures.temporaryDirectory("swiftcni-interop")
        pluginDirectory = try Binaries.pluginDirectory(ours: ours, reference: reference)
        let tag = String(UInt16.random(in: 0 ... .max), radix: 16)
        bridge = "cnt\(tag)"
        subnetIndex = Int.random(in: 100...199)
        try FileSystem.createDirectory("\(root)/net.d")
        host.deleteLink(bridge)
    }

    var subnet: String { "10.250.\(subnetIndex).0/24" }

    /// A bridge + host-local (+ tuning) list on this scratch's bridge and subnet.
    func writeBridgeList(name: String = "interop", version: String = "1.0.0", extraPlugins: String = "") throws {
        let json = """
            {"cniVersion":"\(version)","name":"\(name)","plugins":[
              {"type":"loopback"},
              {"type":"bridge","bridge":"\(bridge)","isGateway":false,"ipMasq":false,
               "ipam":{"type":"host-local","dataDir":"\(root)/ipam","ranges":[[{"subnet":"\(subnet)"}]]}},
              {"type":"tuning","capabilities":{"mac":true},"sysctl":{"net.ipv4.conf.eth0.rp_filter":"0"}}\(extraPlugins)
            ]}
            """
        try FileSystem.writeFileAtomically("\(root)/net.d/10-\(name).conflist", Array(json.utf8))
    }

    /// The environment both cnitools read.
    var environment: [String: String] {
        ["NETCONFPATH": "\(root)/net.d", "CNI_PATH": pluginDirectory, "CNI_CACHE_DIR": "\(root)/cache"]
    }

    func cnitool(_ arguments: String..., extra: [String: String] = [:]) throws -> Command.Output {
        try Command.run([Binaries.cnitool] + arguments, environment: environment.merging(extra) { $1 })
    }

    func golibcni(_ arguments: String..., extra: [String: String] = [:]) throws -> Command.Output {
        try Command.run([Binaries.golibcni] + arguments, environment: environment.merging(extra) { $1 })
    }

    deinit {
        try? FileSystem.removeTree(root)
        try? FileSystem.removeTree(pluginDirectory)
    }
}

/// Whether the Go harness has been built (`make go-harness`); the system tier requires it.
func requireGoHarness() throws {
    guard FileSystem.isExecutableFile(Binaries.golibcni) else {
        throw CommandFailure(command: Binaries.golibcni, output: .init(
            stdout: "", stderr: "missing: run `Scripts/go-harness.sh build` (make test does)", status: 127))
    }
}

extension Command.Output {
    /// stdout parsed as JSON.
    func json() throws -> JSONValue { try JSONParser.parse(stdout) }
}
