import CNISpec
import TestSupport
import Testing

/// Failure paths of our macvlan, ipvlan, vlan, dummy and vrf plugins in the kernel VM: a failed
/// ADD leaves nothing behind, DEL succeeds whatever is already gone, bad configurations get
/// the right code and a message naming the field.
@Suite(.enabled(if: NetlinkKernelVM.isInside, Comment(rawValue: NetlinkKernelVM.disabledReason)))
struct PluginsKernelVMFailureTests {
    /// An IPAM block whose addresses can be taken but whose route cannot be installed (its
    /// gateway is on no connected network), so ADD fails after the link exists and the lease
    /// is taken.
    static let failingIPAM = #"""
        "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.153.0/24"}]],
                "routes":[{"dst":"10.250.155.0/24","gw":"10.250.154.1"}]}
        """#

    static let working: [(plugin: String, config: String)] = [
        ("macvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"{MASTER}",IPAM}"#),
        ("ipvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"ipvlan","master":"{MASTER}",IPAM}"#),
        ("vlan", #"{"cniVersion":"1.0.0","name":"pv","type":"vlan","master":"{MASTER}","vlanId":42,IPAM}"#),
        ("dummy", #"{"cniVersion":"1.0.0","name":"pv","type":"dummy",IPAM}"#),
    ]

    static let goodIPAM = #"""
        "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.153.0/24"}]]}
        """#

    @Test(arguments: working.indices)
    func aFailedADDLeavesNoLinkAndNoLease(_ index: Int) throws {
        let (plugin, template) = Self.working[index]
        let fixture = try MasterLinkFixture(ours: true, plugins: [plugin], reference: ["host-local"])
        let config = fixture.config(template.replacingAll("IPAM", with: Self.failingIPAM), version: "1.0.0")
        let output = try fixture.run(plugin, "ADD", config: config)
        #expect(!output.succeeded, "ADD should fail on the unreachable gateway: \(output.stdout)")
        #expect(output.stdout.contains("10.250.155.0/24"), "the error names the route: \(output.stdout)")
        #expect(try MasterLinkFixture.linkNames(fixture.container) == ["lo"])
        #expect(try MasterLinkFixture.linkNames(fixture.host) == ["lo", "pvm0"])
        #expect(fixture.leases().isEmpty, "leases left: \(fixture.leases())")
    }

    @Test(arguments: working.indices)
    func deleteIsIdempotent(_ index: Int) throws {
        let (plugin, template) = Self.working[index]
        let fixture = try MasterLinkFixture(ours: true, plugins: [plugin], reference: ["host-local"])
        let config = fixture.config(template.replacingAll("IPAM", with: Self.goodIPAM), version: "1.0.0")
        _ = try fixture.add(plugin, config: config)
        #expect(try MasterLinkFixture.linkNames(fixture.container) == ["eth0", "lo"])
        #expect(fixture.leases().count == 1)
        // The link removed behind the plugin's back, then DEL twice.
        try Command.check(["ip", "-n", fixture.container.name, "link", "del", "eth0"])
        for _ in 0..<2 {
            let deleted = try fixture.run(plugin, "DEL", config: config)
            #expect(deleted.succeeded, "\(deleted.stdout)\(deleted.stderr)")
        }
        #expect(fixture.leases().isEmpty)
        // The namespace gone, and no namespace at all.
        _ = try fixture.add(plugin, config: config)
        let gone = "/var/run/netns/pv-gone-\(UInt32.random(in: 0 ... .max))"
        #expect(try fixture.run(plugin, "DEL", config: config, netns: gone).succeeded)
        #expect(try fixture.run(plugin, "DEL", config: config, netns: "").succeeded)
        #expect(try fixture.run(plugin, "DEL", config: config).succeeded)
        #expect(try MasterLinkFixture.linkNames(fixture.container) == ["lo"])
        #expect(fixture.leases().isEmpty)
    }

    @Test func vrfDeleteIsIdempotent() throws {
        let fixture = try MasterLinkFixture(ours: true, plugins: ["vrf"], reference: ["host-local", "macvlan"])
        let first = fixture.config(#"{"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"{MASTER}",IPAM}"#
            .replacingAll("IPAM", with: Self.goodIPAM), version: "1.0.0")
        let previous = JSONSerializer.string(try fixture.add("macvlan", config: first))
        let config = fixture.config(#"{"cniVersion":"1.0.0","name":"pv","type":"vrf","vrfname":"pvvrf0","prevResult":{PREV}}"#,
                                    version: "1.0.0", previous: previous)
        _ = try fixture.add("vrf", config: config)
        #expect(try MasterLinkFixture.linkNames(fixture.container) == ["eth0", "lo", "pvvrf0"])
        for _ in 0..<2 { #expect(try fixture.run("vrf", "DEL", config: config).succeeded) }
        #expect(try MasterLinkFixture.linkNames(fixture.container) == ["eth0", "lo"])
        _ = try fixture.add("vrf", config: config)
        try Command.check(["ip", "-n", fixture.container.name, "link", "del", "eth0"])
        #expect(try fixture.run("vrf", "DEL", config: config).succeeded)
        #expect(try MasterLinkFixture.linkNames(fixture.container) == ["lo"], "the VRF goes with its last interface")
        #expect(try fixture.run("vrf", "DEL", config: config, netns: "/var/run/netns/pv-gone-vrf").succeeded)
    }

    /// Configurations that must be refused before anything is made, with the code and the
    /// field the message names.
    static let badConfigs: [(plugin: String, config: String, code: Int, field: String)] = [
        ("macvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"{MASTER}","mode":"bogus"}"#, 7, "mode"),
        ("macvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"{MASTER}","mtu":9000}"#, 7, "mtu"),
        ("macvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"{MASTER}","mac":"02:zz"}"#, 7, "mac"),
        ("macvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"pvnothere"}"#, 7, "master"),
        ("macvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"macvlan"}"#, 7, "master"),
        ("macvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"{MASTER}","mtu":"big"}"#, 7, "mtu"),
        ("ipvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"ipvlan","master":"{MASTER}","mode":"l4",IPAM}"#, 7, "mode"),
        ("ipvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"ipvlan","master":"{MASTER}"}"#, 7, "ipam"),
        ("ipvlan", #"{"cniVersion":"1.0.0","name":"pv","type":"ipvlan","prevResult":{"cniVersion":"1.0.0","interfaces":[{"name":"a"},{"name":"b"}],"ips":[{"address":"10.250.153.9/24"}]}}"#, 7, "master"),
        ("vlan", #"{"cniVersion":"1.0.0","name":"pv","type":"vlan","vlanId":5,IPAM}"#, 7, "master"),
        ("vlan", #"{"cniVersion":"1.0.0","name":"pv","type":"vlan","master":"{MASTER}","vlanId":4095,IPAM}"#, 7, "vlanId"),
        ("vlan", #"{"cniVersion":"1.0.0","name":"pv","type":"vlan","master":"{MASTER}",IPAM}"#, 7, "vlanId"),
        ("vlan", #"{"cniVersion":"1.0.0","name":"pv","type":"vlan","master":"{MASTER}","vlanId":5,"mtu":1501,IPAM}"#, 7, "mtu"),
        ("vlan", #"{"cniVersion":"1.0.0","name":"pv","type":"vlan","master":"{MASTER}","vlanId":5}"#, 7, "ipam"),
        ("dummy", #"{"cniVersion":"1.0.0","name":"pv","type":"dummy"}"#, 7, "ipam"),
        ("vrf", #"{"cniVersion":"1.0.0","name":"pv","type":"vrf","prevResult":{"cniVersion":"1.0.0"}}"#, 7, "vrfname"),
        ("vrf", #"{"cniVersion":"1.0.0","name":"pv","type":"vrf","vrfname":"pvvrf0"}"#, 7, "prevResult"),
        ("vrf", #"{"cniVersion":"1.0.0","name":"pv","type":"vrf","vrfname":"pvvrf0","table":-1,"prevResult":{"cniVersion":"1.0.0"}}"#, 7, "table"),
        ("vrf", #"{"cniVersion":"0.2.0","name":"pv","type":"vrf","vrfname":"pvvrf0"}"#, 1, "0.2.0"),
    ]

    @Test(arguments: badConfigs.indices)
    func badConfigurationIsRefusedNamingTheField(_ index: Int) throws {
        let (plugin, template, code, field) = Self.badConfigs[index]
        let fixture = try MasterLinkFixture(ours: true, plugins: [plugin], reference: ["host-local"])
        let config = fixture.config(template.replacingAll("IPAM", with: Self.goodIPAM), version: "1.0.0")
        let output = try fixture.run(plugin, "ADD", config: config)
        let error = try JSONParser.parse(output.stdout)
        #expect(!output.succeeded)
        #expect(error["code"]?.numberValue?.literal == "\(code)", "\(plugin): \(output.stdout)")
        let message = (error["msg"]?.stringValue ?? "") + " " + (error["details"]?.stringValue ?? "")
        #expect(message.contains(field), "\(plugin): \(output.stdout)")
        #expect(try MasterLinkFixture.linkNames(fixture.container) == ["lo"])
        #expect(fixture.leases().isEmpty)
    }
}
