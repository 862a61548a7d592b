import CNISpec
import TestSupport
import Testing

/// What our macvlan, ipvlan, vlan, dummy and vrf plugins do beyond one ADD, in the kernel VM:
/// CHECK finds what the reference finds, the dummy plugin, masters inside the container, the
/// VRF's routes and sharing, and the commands that need no namespace.
@Suite(.enabled(if: NetlinkKernelVM.isInside, Comment(rawValue: NetlinkKernelVM.disabledReason)))
struct PluginsKernelVMBehaviourTests {
    static let ipam = #"""
        "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.152.0/24"}],[{"subnet":"fd00:250:140:5::/64"}]]}
        """#

    /// A way to break what ADD set up, and the plugins whose CHECK must then fail.
    static let tampering: [(name: String, plugins: [String], command: [String])] = [
        ("nothing", ["macvlan", "ipvlan", "vlan"], []),
        ("address removed", ["macvlan", "ipvlan", "vlan"], ["addr", "flush", "dev", "eth0", "scope", "global"]),
        ("MAC changed", ["macvlan", "vlan"], ["link", "set", "eth0", "address", "02:00:00:fa:99:99"]),
        ("link deleted", ["macvlan", "ipvlan", "vlan"], ["link", "del", "eth0"]),
    ]

    static let checkConfigs: [String: String] = [
        "macvlan": #"{"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"{MASTER}","mode":"bridge",IPAM,"prevResult":{PREV}}"#,
        "ipvlan": #"{"cniVersion":"1.0.0","name":"pv","type":"ipvlan","master":"{MASTER}","mode":"l2",IPAM,"prevResult":{PREV}}"#,
        "vlan": #"{"cniVersion":"1.0.0","name":"pv","type":"vlan","master":"{MASTER}","vlanId":7,IPAM,"prevResult":{PREV}}"#,
    ]

    /// ADD, tamper, CHECK on one side; whether CHECK passed.
    static func checkAfterTampering(ours: Bool, plugin: String, command: [String]) throws -> Bool {
        let fixture = try MasterLinkFixture(ours: ours, plugins: [plugin], reference: ["host-local"])
        let template = (checkConfigs[plugin] ?? "").replacingAll("IPAM", with: ipam)
        let result = try fixture.add(plugin, config: fixture.config(template, version: "1.0.0"))
        let checkConfig = fixture.config(template, version: "1.0.0", previous: JSONSerializer.string(result))
        #expect(try fixture.run(plugin, "CHECK", config: checkConfig).succeeded, "CHECK right after ADD (\(ours ? "ours" : "Go"))")
        guard !command.isEmpty else { return true }
        try Command.check(["ip", "-n", fixture.container.name] + command)
        return try fixture.run(plugin, "CHECK", config: checkConfig).succeeded
    }

    @Test(arguments: tampering.indices, ["macvlan", "ipvlan", "vlan"])
    func checkFindsWhatTheReferenceFinds(_ index: Int, _ plugin: String) throws {
        let (name, plugins, command) = Self.tampering[index]
        guard plugins.contains(plugin) else { return }
        let go = try Self.checkAfterTampering(ours: false, plugin: plugin, command: command)
        let ours = try Self.checkAfterTampering(ours: true, plugin: plugin, command: command)
        #expect(ours == go, "\(plugin), \(name): Go's CHECK \(go ? "passed" : "failed"), ours \(ours ? "passed" : "failed")")
        #expect(ours == command.isEmpty, "\(plugin), \(name)")
    }

    @Test func dummyCarriesTheAddressesAndCHECKSeesItGoDown() throws {
        let fixture = try MasterLinkFixture(ours: true, plugins: ["dummy"], reference: ["host-local"])
        let template = #"{"cniVersion":"1.0.0","name":"pv","type":"dummy",IPAM,"prevResult":{PREV}}"#.replacingAll("IPAM", with: Self.ipam)
        let result = try fixture.add("dummy", config: fixture.config(template, version: "1.0.0"))
        #expect(result["interfaces"]?.arrayValue?.first?["sandbox"]?.stringValue == fixture.container.path)
        #expect(result["ips"]?.arrayValue?.count == 2)
        let link = try JSONParser.parse(try fixture.container.ipJSON("-d", "addr", "show", "dev", "eth0")).arrayValue?.first
        #expect(link?["linkinfo"]?["info_kind"]?.stringValue == "dummy")
        let addresses = link?["addr_info"]?.arrayValue?.compactMap { $0["local"]?.stringValue } ?? []
        #expect(addresses.contains { $0.hasPrefix("10.250.152.") } && addresses.contains { $0.hasPrefix("fd00:250:140:5:") })
        #expect(link?["flags"]?.arrayValue?.contains("UP") == true)
        let check = fixture.config(template, version: "1.0.0", previous: JSONSerializer.string(result))
        #expect(try fixture.run("dummy", "CHECK", config: check).succeeded)
        try fixture.container.ipCommandDown("eth0")
        let failed = try fixture.run("dummy", "CHECK", config: check)
        #expect(!failed.succeeded && failed.stdout.contains("down"), "\(failed.stdout)")
        #expect(try fixture.run("dummy", "DEL", config: check).succeeded)
        #expect(try MasterLinkFixture.linkNames(fixture.container) == ["lo"] && fixture.leases().isEmpty)
    }

    @Test(arguments: [
        #"{"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"pvc0","linkInContainer":true,IPAM}"#,
        #"{"cniVersion":"1.0.0","name":"pv","type":"ipvlan","master":"pvc0","linkInContainer":true,IPAM}"#,
        #"{"cniVersion":"1.0.0","name":"pv","type":"vlan","master":"pvc0","vlanId":9,"linkInContainer":true,IPAM}"#,
    ])
    func aMasterInsideTheContainer(_ template: String) throws {
        let plugin = ["macvlan", "ipvlan", "vlan"].first { template.contains("\"type\":\"\($0)\"") } ?? ""
        let fixture = try MasterLinkFixture(ours: true, plugins: [plugin], reference: ["host-local"])
        try Command.check(["ip", "-n", fixture.container.name, "link", "add", "pvc0", "type", "dummy"])
        try Command.check(["ip", "-n", fixture.container.name, "link", "set", "pvc0", "up"])
        let config = fixture.config(template.replacingAll("IPAM", with: Self.ipam), version: "1.0.0")
        _ = try fixture.add(plugin, config: config)
        let link = try JSONParser.parse(try fixture.container.ipJSON("-d", "link", "show", "dev", "eth0")).arrayValue?.first
        #expect(link?["linkinfo"]?["info_kind"]?.stringValue == plugin)
        #expect(link?["link"]?.stringValue == "pvc0", "eth0 hangs off the container's pvc0: \(String(describing: link))")
        #expect(try MasterLinkFixture.linkNames(fixture.host) == ["lo", "pvm0"])
        #expect(try fixture.run(plugin, "DEL", config: config).succeeded)
        #expect(try MasterLinkFixture.linkNames(fixture.container) == ["lo", "pvc0"])
    }

    @Test func macvlanAnnouncesItsAddresses() throws {
        let fixture = try MasterLinkFixture(ours: true, plugins: ["macvlan"], reference: ["host-local"])
        let config = fixture.config(#"{"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"{MASTER}",IPAM}"#
            .replacingAll("IPAM", with: Self.ipam), version: "1.0.0")
        _ = try fixture.add("macvlan", config: config)
        for key in ["ipv4/conf/eth0/arp_notify", "ipv6/conf/eth0/ndisc_notify"] {
            let value = try fixture.container.exec(["cat", "/proc/sys/net/\(key)"]).stdout.filter { !$0.isWhitespace }
            #expect(value == "1", "\(key)")
        }
    }
}

extension TestNamespace {
    /// `ip -n NAME link set LINK down`.
    func ipCommandDown(_ link: String) throws {
        try Command.check(["ip", "-n", name, "link", "set", link, "down"])
    }
}
