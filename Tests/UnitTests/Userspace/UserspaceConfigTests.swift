import CNISpec
import Testing
@testable import UserspacePlugin

@Suite struct UserspaceConfigTests {
    static func config(_ body: String) throws(CNIError) -> UserspaceConfig {
        try UserspaceConfig(try NetworkConfig(bytes: Array(#"{"cniVersion":"1.0.0","name":"n","type":"userspace",\#(body)}"#.utf8)))
    }

    static let vhost = #""host":{"engine":"ovs-dpdk","iftype":"vhostuser","netType":"bridge""#
    static let memif = #""host":{"engine":"ovs-dpdk","iftype":"memif","netType":"bridge""#

    @Test func defaultsGiveAVhostUserClientPortOnBr0AndTheOppositeRoleInTheContainer() throws {
        let config = try Self.config(Self.vhost + "}")
        #expect(config.host.vhostMode == .client && config.container.vhostMode == .server)
        #expect(config.host.bridgeName == "br0" && config.container.netType == .interface)
        #expect(config.container.engine == .ovsDPDK && config.container.interfaceType == .vhostUser)
        #expect(config.sharedDirectory == "/var/lib/cni/usrspcni/shared" && config.dataDirectory == "/var/lib/cni/usrspcni")
        #expect(config.ovsdbSocket == "/var/run/openvswitch/db.sock")
    }

    /// Intel's example configuration, with the original's memif words.
    @Test func theOriginalsMasterAndSlaveAreServerAndClient() throws {
        let config = try Self.config(Self.memif + #","memif":{"role":"master","mode":"ethernet"},"bridge":{"bridgeName":"br4"}},"container":{"engine":"ovs-dpdk","iftype":"memif","netType":"interface","memif":{"role":"slave","mode":"ethernet"}},"ipam":{"type":"host-local","subnet":"10.56.217.0/24"}"#)
        #expect(config.host.memifRole == .server && config.container.memifRole == .client)
        #expect(config.host.bridgeName == "br4" && config.ipamType == "host-local")
    }

    @Test func keysMatchCaseInsensitivelyAsInGo() throws {
        let config = try Self.config(#""HOST":{"Engine":"ovs-dpdk","IfType":"vhostuser","Vhost":{"Mode":"server","Group":"kvm"}},"OVSDBSocket":"unix:/run/ovs/db.sock","SharedDir":"/srv/sock/""#)
        #expect(config.host.vhostMode == .server && config.container.vhostMode == .client && config.host.vhostGroup == "kvm")
        #expect(config.ovsdbSocket == "/run/ovs/db.sock" && config.sharedDirectory == "/srv/sock")
    }

    @Test func bridgeIdOfTheOriginalNamesABridge() throws {
        #expect(try Self.config(Self.vhost + #","bridge":{"bridgeId":4,"vlanId":100}}"#).host.bridgeName == "br4")
        #expect(try Self.config(Self.vhost + #","bridge":{"bridgeId":4,"vlanId":100}}"#).host.vlanID == 100)
    }

    @Test(arguments: [
        ("", "host"),
        (#""host":{"iftype":"vhostuser"}"#, "host.engine"),
        (#""host":{"engine":"ovs","iftype":"vhostuser"}"#, "host.engine"),
        (#""host":{"engine":"ovs-dpdk"}"#, "host.iftype"),
        (#""host":{"engine":"ovs-dpdk","iftype":"tap"}"#, "host.iftype"),
        (vhost + #","netType":"interface"}"#, "host.netType"),
        (#""host":{"engine":"ovs-dpdk","iftype":"vhostuser","netType":"l2"}"#, "host.netType"),
        (vhost + #","vhost":{"mode":"both"}}"#, "host.vhost.mode"),
        (vhost + #","memif":{"role":"master"}}"#, "host.memif"),
        (memif + #","vhost":{"mode":"client"}}"#, "host.vhost.mode"),
        (memif + #","memif":{"role":"boss"}}"#, "host.memif.role"),
        (memif + #","memif":{"mode":"ip"}}"#, "host.memif.mode"),
        (memif + #","memif":{"mode":"tun"}}"#, "host.memif.mode"),
        (vhost + #","bridge":{"vlanId":4095}}"#, "host.bridge.vlanId"),
        (vhost + #"},"container":{"iftype":"memif"}"#, "container.iftype"),
        (vhost + #"},"container":{"engine":"dpdk"}"#, "container.engine"),
        (vhost + #"},"container":{"netType":"tap"}"#, "container.netType"),
        (vhost + #","vhost":{"mode":"server"}},"container":{"vhost":{"mode":"server"}}"#, "container.vhost.mode"),
        (vhost + #"},"container":{"vhost":{"mode":"client"}}"#, "container.vhost.mode"),
        (memif + #","memif":{"role":"server"}},"container":{"memif":{"role":"master"}}"#, "container.memif.role"),
        (memif + #"},"container":{"memif":{"role":"slave","mode":"ip"}}"#, "container.memif.mode"),
        (vhost + #"},"container":{"memif":{"role":"client"}}"#, "container.memif"),
        (vhost + #"},"container":{"netType":"interface","bridge":{"bridgeName":"br9"}}"#, "container.bridge.bridgeName"),
        (vhost + #"},"sharedDir":"relative/dir""#, "sharedDir"),
        (vhost + #"},"dataDir":"data""#, "dataDir"),
        (vhost + #"},"ovsdbSocket":"db.sock""#, "ovsdbSocket"),
        (vhost + #"},"ovsRunDir":"run""#, "ovsRunDir"),
        (vhost + #"},"kubeconfig":"/etc/kube.conf""#, "kubeconfig"),
        (vhost + #","vhost":{"mode":7}}"#, "mode"),
    ])
    func badCombinationsNameTheField(_ body: String, _ field: String) {
        do {
            _ = try Self.config(body.isEmpty ? #""x":1"# : body)
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.message.contains(field), "\(error)")
            #expect([.invalidNetworkConfig, .unsupportedField].contains(error.code), "\(error)")
        }
    }

    @Test func socketAndPortNamesFollowTheOriginal() throws {
        let vhost = AttachmentPaths(containerID: "0123456789abcdef0123", interfaceName: "net1", config: try Self.config(Self.vhost + "}"))
        #expect(vhost.socketPath == "/var/lib/cni/usrspcni/shared/0123456789ab/0123456789ab-net1")
        #expect(vhost.portName == "0123456789ab-net1")
        #expect(vhost.configurationFile == "/var/lib/cni/usrspcni/0123456789abcdef0123/configData-net1.json")
        let memif = AttachmentPaths(containerID: "0123456789abcdef0123", interfaceName: "net1", config: try Self.config(Self.memif + "}"))
        #expect(memif.socketPath == "/var/lib/cni/usrspcni/shared/0123456789ab/memif-0123456789ab-net1.sock")
        #expect(memif.portName == "mif-0123456789ab-net1")
        #expect(memif.memifDeviceName.hasPrefix("net_memif_") && memif.memifDeviceName.count == 26)
    }

    @Test func vppTakesRoutedInterfacesMemifModesAndItsOwnAPISocket() throws {
        let config = try Self.config(#""host":{"engine":"vpp","iftype":"memif","netType":"interface","memif":{"mode":"ip"}},"vppApiSocket":"/run/vp/api.sock""#)
        #expect(config.host.netType == .interface && config.host.memifMode == .ip && config.container.memifMode == .ip)
        #expect(config.vppAPISocket == "/run/vp/api.sock")
        #expect(try Self.config(#""host":{"engine":"vpp","iftype":"vhostuser"}"#).vppAPISocket == "/run/vpp/api.sock")
        #expect(try Engines.engine(for: config) is VPPEngine)
    }

    @Test func vppBridgeDomainsComeFromBridgeIdOrBridgeName() throws {
        let byID = try Self.config(#""host":{"engine":"vpp","iftype":"memif","bridge":{"bridgeId":12}}"#)
        #expect(byID.host.bridgeID == 12)
        let byName = try Self.config(#""host":{"engine":"vpp","iftype":"memif","bridge":{"bridgeName":"tenant-a"}}"#)
        #expect(byName.host.bridgeID == nil && byName.host.bridgeName == "tenant-a")
        #expect(throws: CNIError.self) { _ = try Self.config(#""host":{"engine":"vpp","iftype":"memif","bridge":{"bridgeId":16777216}}"#) }
        #expect(throws: CNIError.self) { _ = try Self.config(#""host":{"engine":"vpp","iftype":"memif","bridge":{"bridgeName":"b","vlanId":5}}"#) }
    }

    @Test func vppTagsNameTheNetworkTheContainerAndTheInterfaceInSixtyThreeBytes() {
        let tag = VPPEngine.tag(network: String(repeating: "n", count: 200), containerID: String(repeating: "c", count: 64),
                                interfaceName: "net1234567890ab")
        #expect(tag.hasPrefix(VPPEngine.networkTagPrefix(String(repeating: "n", count: 200))))
        #expect(tag.hasSuffix("/cccccccccccc/net1234567890ab") && tag.utf8.count <= 63)
    }

    @Test func transmitQueuesFollowThePMDMask() {
        #expect(OVSDPDKEngine.transmitQueues(otherConfig: ["pmd-cpu-mask": "0x2"]) == 2)
        #expect(OVSDPDKEngine.transmitQueues(otherConfig: ["pmd-cpu-mask": "0x6"]) == 3)
        #expect(OVSDPDKEngine.transmitQueues(otherConfig: [:]) == 2)
    }
}
