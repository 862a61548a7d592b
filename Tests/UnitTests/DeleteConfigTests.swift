@testable import BridgePlugin
import CNISkel
import CNISpec
@testable import DummyPlugin
@testable import HostDevicePlugin
@testable import HostLocalPlugin
import IPAM
@testable import IPVlanPlugin
@testable import MacvlanPlugin
import PluginKit
@testable import PTPPlugin
@testable import SlirpPlugin
@testable import TapPlugin
import TestSupport
import Testing
@testable import UserspacePlugin
@testable import VLANPlugin
@testable import VRFPlugin

/// The readers of what each plugin's DEL needs (`…DeleteConfig`): from a configuration the full
/// reader refuses they still read what DEL must find, and a key of the wrong type reads as
/// absent. Also `"mtu"` values that are not positive, which the reference takes as the default.
/// (Tests/SystemTests/PluginsHost/DeleteToleranceTests.swift runs DEL of every refusal for real.)
@Suite struct DeleteConfigTests {
    static let ipam = #""ipam":{"type":"host-local","subnet":"10.250.213.0/24"}"#

    static func config(_ type: String, _ keys: String) throws -> NetworkConfig {
        try NetworkConfig(bytes: Array(#"{"cniVersion":"1.0.0","name":"n","type":"\#(type)",\#(keys)}"#.utf8))
    }

    static func request(_ config: NetworkConfig, args: String = "") throws -> PluginRequest {
        PluginRequest(
            command: .add, containerID: "c", netns: "/var/run/netns/x", interfaceName: "eth0",
            args: try CNIArgs(parsing: args), path: [], config: config, version: .v1_0_0, environment: [],
            executor: InProcessExecutor([:]))
    }

    /// `body` refuses the configuration with code 7.
    static func expectRefused(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        let error = #expect(throws: CNIError.self, sourceLocation: sourceLocation) { try body() }
        #expect(error?.code == .invalidNetworkConfig, sourceLocation: sourceLocation)
    }

    @Test func bridgeReadsTheRulesToRemoveFromARefusedConfiguration() throws {
        let config = try Self.config(
            "bridge", #""hairpinMode":true,"promiscMode":true,"vlan":9999,"ipMasq":true,"macspoofchk":true,"# + Self.ipam)
        Self.expectRefused { _ = try BridgeConfig(try Self.request(config)) }
        let delete = BridgeDeleteConfig(config)
        #expect(delete.ipamType == "host-local" && delete.ipMasquerade && delete.macSpoofCheck)
        // Go's key matching; a value of the wrong type is no rule (ADD refused it, so made none).
        let odd = BridgeDeleteConfig(try Self.config("bridge", #""IPMASQ":true,"macspoofchk":"yes""#))
        #expect(odd.ipamType.isEmpty && odd.ipMasquerade && !odd.macSpoofCheck)
    }

    @Test func ptpReadsIPAMAndMasquerade() throws {
        let config = try Self.config("ptp", #""mtu":1,"ipMasq":true,"# + Self.ipam)
        Self.expectRefused { _ = try PTPConfig(config) }
        let delete = PTPDeleteConfig(config)
        #expect(delete.ipamType == "host-local" && delete.ipMasquerade)
        #expect(!PTPDeleteConfig(try Self.config("ptp", #""ipMasq":"yes""#)).ipMasquerade)
    }

    @Test func linkPluginsReadOnlyTheIPAMType() throws {
        let macvlan = try Self.config("macvlan", #""mode":"sideways","mac":"zz","mtu":-70000,"# + Self.ipam)
        Self.expectRefused { _ = try MacvlanConfig(try Self.request(macvlan)) }
        #expect(MacvlanDeleteConfig(macvlan).ipamType == "host-local")
        let ipvlan = try Self.config("ipvlan", #""mode":"l4","# + Self.ipam)
        Self.expectRefused { _ = try IPVlanConfig(try Self.request(ipvlan)) }
        #expect(IPVlanDeleteConfig(ipvlan).ipamType == "host-local")
        let vlan = try Self.config("vlan", #""vlanId":5000,"# + Self.ipam)
        Self.expectRefused { _ = try VLANConfig(try Self.request(vlan)) }
        #expect(VLANDeleteConfig(vlan).ipamType == "host-local")
        let tap = try Self.config("tap", #""owner":-1,"# + Self.ipam)
        Self.expectRefused { _ = try TapConfig(tap) }
        #expect(TapDeleteConfig(tap).ipamType == "host-local")
        let dummy = try Self.config("dummy", #""x":1"#)
        Self.expectRefused { try DummyConfig(try Self.request(dummy)).requireIPAM() }
        #expect(DummyDeleteConfig(dummy).ipamType.isEmpty)
    }

    @Test(arguments: [
        (#""device":"bad/name","pciBusID":"0000:00:01.0""#, "0000:00:01.0"),
        (#""pciBusID":"0000:00:01.0","runtimeConfig":{"deviceID":"0000:00:02.0"}"#, "0000:00:02.0"),
        (#""pciBusID":"../x""#, nil), (#""pciBusID":".""#, nil), (#""pciBusID":7"#, nil), (#""hwaddr":"zz""#, nil),
    ] as [(String, String?)])
    func hostDeviceReadsThePCIAddressWhenItIsOne(_ keys: String, _ expected: String?) throws {
        let delete = HostDeviceDeleteConfig(try Self.config("host-device", keys + "," + Self.ipam))
        #expect(delete.pciAddress == expected && delete.ipamType == "host-local")
    }

    @Test(arguments: [
        (#""vrfname":"vrf-blue""#, "vrf-blue"), (#""VRFNAME":"vrf-blue","table":-1"#, "vrf-blue"), (#""x":1"#, nil),
        (#""vrfname":"""#, nil), (#""vrfname":"a-vrf-name-too-long""#, nil), (#""vrfname":"a/b""#, nil), (#""vrfname":5"#, nil),
    ] as [(String, String?)])
    func vrfReadsANameALinkCanHave(_ keys: String, _ expected: String?) throws {
        #expect(VRFDeleteConfig(try Self.config("vrf", keys)).name == expected)
    }

    @Test func hostLocalReadsWhereTheLeasesAre() throws {
        let refused = try Self.config("host-local", #""ipam":{"dataDir":"/tmp/deltol-leases","ranges":"x"}"#)
        #expect(throws: CNIError.self) { try HostLocalConfig(config: refused, args: CNIArgs()) }
        let delete = HostLocalDeleteConfig(refused)
        #expect(delete.network == "n" && delete.dataDirectory == "/tmp/deltol-leases")
        #expect(HostLocalDeleteConfig(try Self.config("host-local", #""ipam":{"dataDir":5}"#)).dataDirectory
            == HostLocalConfig.defaultDataDirectory)
        #expect(HostLocalDeleteConfig(try Self.config("host-local", #""x":1"#)).dataDirectory
            == HostLocalConfig.defaultDataDirectory)
    }

    @Test func slirpReadsTheStateDirectory() throws {
        let config = try Self.config("slirp", #""backend":"vde","mtu":1,"stateDir":"/run/deltol""#)
        Self.expectRefused { _ = try SlirpConfig(config) }
        #expect(SlirpDeleteConfig(config).stateDirectory == "/run/deltol")
        #expect(SlirpDeleteConfig(try Self.config("slirp", #""stateDir":1"#)).stateDirectory == nil)
    }

    @Test func userspaceReadsWhatLocatesThePortAndFiles() throws {
        // Refused for a role conflict, but engine, interface type and paths locate the attachment.
        let config = try Self.config("userspace", #"""
            "host":{"engine":"vpp","iftype":"memif","memif":{"role":"server"}},"container":{"memif":{"role":"server"}},
            "sharedDir":"/run/deltol/shared/","ovsdbSocket":"unix:/run/deltol/db.sock",\#(Self.ipam)
            """#)
        Self.expectRefused { _ = try UserspaceConfig(config) }
        let delete = UserspaceDeleteConfig(config)
        #expect(delete.ipamType == "host-local")
        let attachment = try #require(delete.attachment)
        #expect(attachment.host.engine == .vpp && attachment.host.interfaceType == .memif)
        #expect(attachment.sharedDirectory == "/run/deltol/shared" && attachment.ovsdbSocket == "/run/deltol/db.sock")
        #expect(attachment.dataDirectory == UserspaceConfig.defaultDataDirectory && attachment.name == "n")
        let paths = AttachmentPaths(containerID: "0123456789abcdef", interfaceName: "net1", config: attachment)
        #expect(paths.socketPath == "/run/deltol/shared/0123456789ab/memif-0123456789ab-net1.sock")
    }

    @Test(arguments: [
        #""host":{"engine":"snabb","iftype":"memif"}"#, #""host":{"engine":"vpp"}"#, #""x":1"#,
        #""host":{"engine":"vpp","iftype":"memif"},"dataDir":"relative""#, #""host":"vpp""#,
        #""host":{"engine":"vpp","iftype":"memif"},"vppApiSocket":5"#,
    ])
    func userspaceWithoutALocatableAttachmentOnlyReleasesIPAM(_ keys: String) throws {
        let delete = UserspaceDeleteConfig(try Self.config("userspace", keys + "," + Self.ipam))
        #expect(delete.ipamType == "host-local")
        // A path of the wrong type reads as absent (the default); every other row locates nothing.
        #expect((delete.attachment == nil) == !keys.contains("vppApiSocket"))
    }

    @Test(arguments: [-1, 0, -1500])
    func mtuThatIsNotPositiveIsTheDefault(_ mtu: Int) throws {
        #expect(try ConfigValues.mtu(mtu) == nil)
        let keys = #""mtu":\#(mtu),"master":"eth0","vlanId":10,"# + Self.ipam
        #expect(try BridgeConfig(try Self.request(try Self.config("bridge", keys))).mtu == nil)
        #expect(try PTPConfig(try Self.config("ptp", keys)).mtu == nil)
        #expect(try MacvlanConfig(try Self.request(try Self.config("macvlan", keys))).mtu == nil)
        #expect(try IPVlanConfig(try Self.request(try Self.config("ipvlan", keys))).mtu == nil)
        #expect(try VLANConfig(try Self.request(try Self.config("vlan", keys))).mtu == nil)
        #expect(try TapConfig(try Self.config("tap", keys)).mtu == nil)
        #expect(try SlirpConfig(try Self.config("slirp", keys)).mtu == 1500)
    }

    @Test(arguments: [1, 67, 65536])
    func mtuOutOfRangeIsRefused(_ mtu: Int) throws {
        let keys = #""mtu":\#(mtu),"master":"eth0","vlanId":10"#
        Self.expectRefused { _ = try BridgeConfig(try Self.request(try Self.config("bridge", keys))) }
        Self.expectRefused { _ = try PTPConfig(try Self.config("ptp", keys)) }
        Self.expectRefused { _ = try VLANConfig(try Self.request(try Self.config("vlan", keys))) }
        #expect(try ConfigValues.mtu(68) == 68 && ConfigValues.mtu(65535) == 65535)
    }
}
