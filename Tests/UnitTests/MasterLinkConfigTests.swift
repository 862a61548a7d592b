import CNISkel
import CNISpec
@testable import DummyPlugin
@testable import IPVlanPlugin
@testable import MacvlanPlugin
import NetAddress
import NetlinkCodec
import TestSupport
import Testing
@testable import VLANPlugin
@testable import VRFPlugin

/// Configuration parsing of macvlan, ipvlan, vlan, dummy and vrf: the reference's keys and
/// defaults, Go's case-insensitive matching, and refusals that name the field (code 7).
@Suite struct MasterLinkConfigTests {
    static func request(_ json: String, args: String = "") throws -> PluginRequest {
        PluginRequest(
            command: .add, containerID: "c", netns: "/var/run/netns/x", interfaceName: "eth0",
            args: try CNIArgs(parsing: args), path: [], config: try NetworkConfig(bytes: Array(json.utf8)),
            version: .v1_0_0, environment: [], executor: InProcessExecutor([:]))
    }

    static func refusal(_ body: () throws -> Void) -> CNIError? {
        do {
            try body()
            return nil
        } catch let error as CNIError {
            return error
        } catch {
            return CNIError(.internal, "\(error)")
        }
    }

    @Test func macvlanDefaultsAndGoKeyMatching() throws {
        let plain = try MacvlanConfig(Self.request(#"{"cniVersion":"1.0.0","name":"n","type":"macvlan"}"#))
        #expect(plain.master.isEmpty && plain.mode == .bridge && plain.mtu == nil && plain.mac == nil && !plain.linkInContainer)
        let keyed = try MacvlanConfig(Self.request(
            #"{"cniVersion":"1.0.0","name":"n","type":"macvlan","MASTER":"pvm0","Mode":"passthru","MTU":1400,"linkincontainer":true}"#))
        #expect(keyed.master == "pvm0" && keyed.mode == .passthru && keyed.mtu == 1400 && keyed.linkInContainer)
    }

    @Test func macvlanMACPrecedenceIsConfigThenArgsThenRuntime() throws {
        let base = #"{"cniVersion":"1.0.0","name":"n","type":"macvlan","mac":"02:00:00:00:00:01""#
        #expect(try MacvlanConfig(Self.request(base + "}")).mac?.description == "02:00:00:00:00:01")
        #expect(try MacvlanConfig(Self.request(base + "}", args: "MAC=02:00:00:00:00:02")).mac?.description == "02:00:00:00:00:02")
        let runtime = base + #","runtimeConfig":{"mac":"02:00:00:00:00:03"}}"#
        #expect(try MacvlanConfig(Self.request(runtime, args: "MAC=02:00:00:00:00:02")).mac?.description == "02:00:00:00:00:03")
    }

    @Test(arguments: [
        ("macvlan", #","mode":"l2""#, "mode"), ("macvlan", #","mtu":67"#, "mtu"), ("macvlan", #","mac":"nope""#, "mac"),
        ("macvlan", #","mtu":"1400""#, "mtu"), ("ipvlan", #","mode":"bridge""#, "mode"), ("ipvlan", #","mtu":70000"#, "mtu"),
        ("vlan", #","vlanId":5"#, "master"), ("vlan", #","master":"pvm0","vlanId":0"#, "vlanId"),
        ("vlan", #","master":"pvm0","vlanId":4095"#, "vlanId"), ("vrf", "", "vrfname"),
        ("vrf", #","vrfname":"a/b""#, "vrfname"), ("vrf", #","vrfname":"v","table":-2"#, "table"),
    ])
    func refusalsNameTheField(_ plugin: String, _ extra: String, _ field: String) throws {
        let request = try Self.request(#"{"cniVersion":"1.0.0","name":"n","type":"\#(plugin)"\#(extra)}"#)
        let error = Self.refusal {
            switch plugin {
            case "macvlan": _ = try MacvlanConfig(request)
            case "ipvlan": _ = try IPVlanConfig(request)
            case "vlan": _ = try VLANConfig(request)
            default: _ = try VRFConfig(request)
            }
        }
        #expect(error?.code == .invalidNetworkConfig, "\(plugin)\(extra): \(String(describing: error))")
        #expect(error?.message.contains(field) == true, "\(plugin)\(extra): \(String(describing: error))")
    }

    @Test func ipvlanModesAndTheChainedMaster() throws {
        for (name, mode) in [("", IPVlanOptions.Mode.l2), ("l2", .l2), ("l3", .l3), ("l3s", .l3s)] {
            let config = try IPVlanConfig(Self.request(#"{"cniVersion":"1.0.0","name":"n","type":"ipvlan","mode":"\#(name)"}"#))
            #expect(config.mode == mode)
        }
        #expect(try IPVlanConfig.chainedMaster(Result100(interfaces: [Interface(name: "pvm0")])) == "pvm0")
        let two = Result100(interfaces: [Interface(name: "a"), Interface(name: "b")])
        #expect(Self.refusal { _ = try IPVlanConfig.chainedMaster(two) }?.code == .invalidNetworkConfig)
    }

    @Test func vlanAndVRFAndDummyKeys() throws {
        let vlan = try VLANConfig(Self.request(#"{"cniVersion":"1.0.0","name":"n","type":"vlan","master":"pvm0","VLANID":42,"mtu":1280}"#))
        #expect(vlan.master == "pvm0" && vlan.vlanID == 42 && vlan.mtu == 1280)
        #expect(Self.refusal { try vlan.requireIPAM() }?.message.contains("ipam") == true)
        let vrf = try VRFConfig(Self.request(#"{"cniVersion":"1.0.0","name":"n","type":"vrf","VRFName":"blue","table":0}"#))
        #expect(vrf.name == "blue" && vrf.table == nil)
        #expect(try VRFConfig(Self.request(#"{"cniVersion":"1.0.0","name":"n","type":"vrf","vrfname":"v","table":7}"#)).table == 7)
        let dummy = try DummyConfig(Self.request(#"{"cniVersion":"1.0.0","name":"n","type":"dummy"}"#))
        #expect(Self.refusal { try dummy.requireIPAM() }?.code == .invalidNetworkConfig)
        #expect(VRFPlugin().supportedVersions.first == .v0_3_1)
    }
}
