import CNISpec
import TestSupport
import Testing

/// The vrf plugin beyond parity, in the kernel VM: routes through gateways follow the interface
/// into the VRF's table, several interfaces share one VRF, a VRF with another table is refused,
/// and CHECK sees an interface that left.
@Suite(.enabled(if: NetlinkKernelVM.isInside, Comment(rawValue: NetlinkKernelVM.disabledReason)))
struct PluginsKernelVMVRFTests {
    static let macvlan = #"""
        {"cniVersion":"1.0.0","name":"pv","type":"macvlan","master":"{MASTER}",
         "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.152.0/24"}],[{"subnet":"fd00:250:140:6::/64"}]],
                 "routes":[{"dst":"10.250.155.0/24","gw":"10.250.152.1"}]}}
        """#

    /// Debian's macvlan as `interfaceName`, then our vrf; returns the vrf configuration used.
    static func attach(_ fixture: MasterLinkFixture, interfaceName: String, vrf: String) throws -> String {
        let result = try fixture.add("macvlan", config: fixture.config(macvlan, version: "1.0.0"), interfaceName: interfaceName)
        let config = fixture.config(vrf, version: "1.0.0", previous: JSONSerializer.string(result))
        let output = try fixture.run("vrf", "ADD", config: config, interfaceName: interfaceName)
        #expect(output.succeeded, "\(output.stdout)")
        if output.succeeded {
            #expect(try JSONParser.parse(output.stdout) == result, "vrf passes the previous result on unchanged")
        }
        return config
    }

    static func routes(_ fixture: MasterLinkFixture, _ arguments: String...) throws -> [String] {
        let list = try JSONParser.parse(try Command.check(["ip", "-n", fixture.container.name, "-j"] + arguments))
        return list.arrayValue?.compactMap { route in
            guard let destination = route["dst"]?.stringValue else { return nil }
            return [destination, route["gateway"]?.stringValue, route["dev"]?.stringValue].compactMap { $0 }.joined(separator: " ")
        } ?? []
    }

    @Test func routesThroughGatewaysMoveIntoTheVRFTable() throws {
        let fixture = try MasterLinkFixture(ours: true, plugins: ["vrf"], reference: ["host-local", "macvlan"])
        _ = try Self.attach(fixture, interfaceName: "eth0",
                            vrf: #"{"cniVersion":"1.0.0","name":"pv","type":"vrf","vrfname":"pvvrf0","table":1400,"prevResult":{PREV}}"#)
        let table = try Self.routes(fixture, "-4", "route", "show", "table", "1400")
        #expect(table.contains("10.250.155.0/24 10.250.152.1 eth0"), "\(table)")
        #expect(table.contains("10.250.152.0/24 eth0"), "\(table)")
        #expect(try Self.routes(fixture, "-4", "route", "show").isEmpty, "nothing left in main")
        let link = try JSONParser.parse(try fixture.container.ipJSON("-d", "addr", "show", "dev", "eth0")).arrayValue?.first
        #expect(link?["master"]?.stringValue == "pvvrf0")
        let addresses = link?["addr_info"]?.arrayValue?.compactMap { $0["local"]?.stringValue } ?? []
        #expect(addresses.contains { $0.hasPrefix("fd00:250:140:6:") }, "the global IPv6 address survives: \(addresses)")
        let vrf = try JSONParser.parse(try fixture.container.ipJSON("-d", "link", "show", "dev", "pvvrf0")).arrayValue?.first
        #expect(vrf?["linkinfo"]?["info_data"]?["table"]?.numberValue?.literal == "1400")
        #expect(vrf?["flags"]?.arrayValue?.contains("UP") == true)
    }

    @Test func interfacesShareAVRFWhichGoesWithTheLast() throws {
        let fixture = try MasterLinkFixture(ours: true, plugins: ["vrf"], reference: ["host-local", "macvlan"])
        let template = #"{"cniVersion":"1.0.0","name":"pv","type":"vrf","vrfname":"pvvrf1","prevResult":{PREV}}"#
        let first = try Self.attach(fixture, interfaceName: "eth0", vrf: template)
        let second = try Self.attach(fixture, interfaceName: "eth1", vrf: template)
        let vrf = try JSONParser.parse(try fixture.container.ipJSON("-d", "link", "show", "dev", "pvvrf1")).arrayValue?.first
        #expect(vrf?["linkinfo"]?["info_data"]?["table"]?.numberValue?.literal == "1", "the lowest free table")
        #expect(try fixture.run("vrf", "CHECK", config: first, interfaceName: "eth0").succeeded)
        #expect(try fixture.run("vrf", "DEL", config: first, interfaceName: "eth0").succeeded)
        #expect(try MasterLinkFixture.linkNames(fixture.container).contains("pvvrf1"), "eth1 still uses it")
        let check = try fixture.run("vrf", "CHECK", config: first, interfaceName: "eth0")
        #expect(!check.succeeded && check.stdout.contains("eth0"), "CHECK sees eth0 left: \(check.stdout)")
        #expect(try fixture.run("vrf", "DEL", config: second, interfaceName: "eth1").succeeded)
        #expect(!(try MasterLinkFixture.linkNames(fixture.container).contains("pvvrf1")))
    }

    @Test func anExistingVRFWithAnotherTableIsRefused() throws {
        let fixture = try MasterLinkFixture(ours: true, plugins: ["vrf"], reference: ["host-local", "macvlan"])
        try Command.check(["ip", "-n", fixture.container.name, "link", "add", "pvvrf2", "type", "vrf", "table", "77"])
        let result = try fixture.add("macvlan", config: fixture.config(Self.macvlan, version: "1.0.0"))
        let config = fixture.config(#"{"cniVersion":"1.0.0","name":"pv","type":"vrf","vrfname":"pvvrf2","table":78,"prevResult":{PREV}}"#,
                                    version: "1.0.0", previous: JSONSerializer.string(result))
        let output = try fixture.run("vrf", "ADD", config: config)
        #expect(!output.succeeded && output.stdout.contains("table"), "\(output.stdout)")
        let link = try JSONParser.parse(try fixture.container.ipJSON("-d", "link", "show", "dev", "eth0")).arrayValue?.first
        #expect(link?["master"] == nil, "eth0 stays out of the VRF")
    }

    @Test(arguments: ["macvlan", "ipvlan", "vlan", "dummy", "vrf"])
    func versionAndStatus(_ plugin: String) throws {
        // Our host-local: Debian's v1.1.1 predates STATUS.
        let fixture = try MasterLinkFixture(ours: true, plugins: [plugin, "host-local"])
        let version = try fixture.run(plugin, "VERSION", config: #"{"cniVersion":"1.0.0"}"#)
        let versions = (try JSONParser.parse(version.stdout))["supportedVersions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(versions.contains("1.1.0") && versions.contains("0.3.1"), "\(version.stdout)")
        #expect(versions.contains("0.2.0") == (plugin != "vrf"))
        let status = fixture.config(#"""
            {"cniVersion":"1.1.0","name":"pv","type":"\#(plugin)","master":"{MASTER}","vrfname":"pvvrf3",
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.152.0/24"}]]}}
            """#, version: "1.1.0")
        let output = try fixture.run(plugin, "STATUS", config: status)
        #expect(output.succeeded, "\(output.stdout)\(output.stderr)")
    }
}
