import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// Go's libcni (through our Go driver) runs our ptp, tap and host-device plugins: ADD, CHECK with
/// the result it cached, DEL twice. Go's libcni itself runs inside a test namespace that plays
/// the host, so the host ends, routes, masquerade rules and forwarding stay out of the real host.
@Suite struct GoLibcniDrivesTheOtherPluginsTests {
    static let plugins: [(name: String, config: String, hostSetup: [String])] = [
        ("ptp", #"{"type":"ptp","ipMasq":true,"ipam":{"type":"host-local","dataDir":"{ROOT}/ipam","ranges":[[{"subnet":"10.250.57.0/24"}]]}}"#, []),
        ("tap", #"{"type":"tap","mtu":1400,"multiQueue":true,"ipam":{"type":"host-local","dataDir":"{ROOT}/ipam","ranges":[[{"subnet":"10.250.58.0/24"}]]}}"#, []),
        ("host-device", #"{"type":"host-device","device":"gohd0","ipam":{"type":"static","addresses":[{"address":"10.250.59.5/24"}]}}"#,
         ["link", "add", "gohd0", "type", "veth", "peer", "name", "gohd0p"]),
    ]

    @Test(arguments: plugins.indices, ["0.4.0", "1.0.0"])
    func addCheckDeleteThroughGoLibcni(_ index: Int, _ version: String) throws {
        let (name, plugin, hostSetup) = Self.plugins[index]
        try Self.drive(name, plugins: plugin, hostSetup: [hostSetup], version: version)
    }

    /// ADD, CHECK, DEL, DEL of a list of loopback and `plugins` (ours), by Go's libcni run in a
    /// fresh "host" namespace prepared with `hostSetup` (`ip` argument lists).
    static func drive(_ name: String, plugins plugin: String, hostSetup: [[String]], version: String) throws {
        try requireGoHarness()
        let root = try Fixtures.temporaryDirectory("swiftcni-golibcni")
        let directory = try Binaries.pluginDirectory(ours: [name, "host-local", "static", "loopback", "vrf"])
        defer {
            try? FileSystem.removeTree(root)
            try? FileSystem.removeTree(directory)
        }
        let host = try TestNamespace(prefix: "gohost"), container = try TestNamespace(prefix: "goctr")
        for command in hostSetup where !command.isEmpty { try host.ipJSONUnchecked(command) }
        try FileSystem.createDirectory("\(root)/net.d")
        let list = #"{"cniVersion":"\#(version)","name":"golist","plugins":[{"type":"loopback"},\#(plugin)]}"#
            .replacingAll("{ROOT}", with: root)
        try FileSystem.writeFileAtomically("\(root)/net.d/10-golist.conflist", Array(list.utf8))
        let environment = ["NETCONFPATH": "\(root)/net.d", "CNI_PATH": directory, "CNI_CACHE_DIR": "\(root)/cache"]
        func golibcni(_ command: String) throws -> Command.Output {
            try Command.run(["ip", "netns", "exec", host.name, Binaries.golibcni, command, "golist", container.path],
                            environment: environment)
        }

        let added = try golibcni("add")
        #expect(added.succeeded, "\(name) \(version): \(added.stderr)")
        let result = try JSONParser.parse(added.stdout)
        let address = result["ips"]?.arrayValue?.first?["address"]?.stringValue ?? ""
        #expect(address.hasPrefix("10.250."), "\(result)")
        let shown = try container.ipJSON("addr", "show", "eth0")
        #expect(shown.contains(String(address.prefix { $0 != "/" })), "\(name): \(shown)")
        let checked = try golibcni("check")
        #expect(checked.succeeded, "\(name) \(version) CHECK: \(checked.stderr)")
        #expect(try golibcni("del").succeeded)
        #expect(try golibcni("del").succeeded)
        #expect(!(try container.ipJSON("link", "show")).contains("\"eth0\""), "\(name): eth0 left in the container")
        if name == "host-device" {
            #expect(try host.ipJSON("link", "show", "gohd0").contains("gohd0"), "the device is back on the host")
        }
    }
}

extension TestNamespace {
    /// Runs `ip -n NAME ARGS` and fails the test's setup if it fails.
    fileprivate func ipJSONUnchecked(_ arguments: [String]) throws {
        try Command.check(["ip", "-n", name] + arguments)
    }
}

/// The same through the kinds this host's kernel lacks, in the kernel VM: macvlan, ipvlan, vlan
/// on a dummy master of the test's "host", dummy, and vrf chained after macvlan.
@Suite(.enabled(if: NetlinkKernelVM.isInside, Comment(rawValue: NetlinkKernelVM.disabledReason)))
struct GoLibcniDrivesKernelVMPluginsTests {
    static let master: [[String]] = [["link", "add", "gom0", "type", "dummy"], ["link", "set", "gom0", "up"]]
    static func ipam(_ octet: Int) -> String {
        #""ipam":{"type":"host-local","dataDir":"{ROOT}/ipam","ranges":[[{"subnet":"10.250.\#(octet).0/24"}]]}"#
    }
    static let plugins: [(name: String, config: String)] = [
        ("macvlan", #"{"type":"macvlan","master":"gom0","mode":"bridge",\#(ipam(62))}"#),
        ("ipvlan", #"{"type":"ipvlan","master":"gom0","mode":"l2",\#(ipam(63))}"#),
        ("vlan", #"{"type":"vlan","master":"gom0","vlanId":42,\#(ipam(64))}"#),
        ("dummy", #"{"type":"dummy",\#(ipam(65))}"#),
        ("macvlan", #"{"type":"macvlan","master":"gom0",\#(ipam(66))},{"type":"vrf","vrfname":"govrf"}"#),
    ]

    @Test(arguments: plugins.indices, ["0.4.0", "1.0.0"])
    func addCheckDeleteThroughGoLibcni(_ index: Int, _ version: String) throws {
        let (name, plugin) = Self.plugins[index]
        try GoLibcniDrivesTheOtherPluginsTests.drive(name, plugins: plugin, hostSetup: Self.master, version: version)
    }
}
