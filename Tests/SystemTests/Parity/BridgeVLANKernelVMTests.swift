import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// The bridge plugin's VLAN options, in the kernel VM (this host's kernel has no bridge VLAN
/// filtering): `vlan` against Debian's reference bridge (v1.1.1), and `vlanTrunk` and
/// `preserveDefaultVlan`, which v1.1.1 does not have, against the kernel's view of the port.
@Suite(.serialized, .enabled(if: NetlinkKernelVM.isInside, Comment(rawValue: NetlinkKernelVM.disabledReason)))
struct BridgeVLANKernelVMTests {
    static let harness = ParityHarness(plugin: "bridge", hostLinkPrefix: "vmbr")

    @Test(arguments: ["0.3.1", "0.4.0", "1.0.0"])
    func anAccessVLANMatchesTheReference(_ version: String) throws {
        let config = #"""
            {"cniVersion":"{VERSION}","name":"vmvlan","type":"bridge","bridge":"{HOST}","vlan":100,"isGateway":true,
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.60.0/24"}]]}}
            """#
        let (go, ours) = try Self.harness.run(config: config, version: version)
        #expect(ours.result == go.result, "\(version) result:\nGo:   \(JSONSerializer.string(go.result))\nours: \(JSONSerializer.string(ours.result))")
        #expect(ours.container == go.container, "\(version) container:\nGo:   \(JSONSerializer.string(go.container))\nours: \(JSONSerializer.string(ours.container))")
        #expect(ours.host == go.host, "\(version) host:\nGo:   \(JSONSerializer.string(go.host))\nours: \(JSONSerializer.string(ours.host))")
        // Not vacuous: the port carries VLAN 100 as its untagged PVID on both sides.
        let ports = ours.host["ports"]?.arrayValue ?? []
        let vlans = ports.first?["vlans"]?.arrayValue ?? []
        #expect(vlans.contains { $0["vlan"]?.numberValue?.integer(as: Int.self) == 100 }, "\(ours.host)")
        #expect(ours.host["vlan_filtering"]?.numberValue?.integer(as: Int.self) == 1, "\(ours.host)")
    }

    /// VLANs on our port after ADD, by ID, with their flags.
    static func portVLANs(_ extra: String) throws -> [Int: [String]] {
        let bridge = "vmbrt\(String(UInt16.random(in: 0 ... .max), radix: 16))"
        let cleanup = HostCleanup(restoresForwarding: true)
        cleanup.deleteLink(bridge)
        let directory = try Binaries.pluginDirectory(ours: ["bridge", "host-local"])
        let data = try Fixtures.temporaryDirectory("swiftcni-vlan")
        defer {
            try? FileSystem.removeTree(directory)
            try? FileSystem.removeTree(data)
        }
        let container = try TestNamespace(prefix: "vmvlan")
        let config = #"""
            {"cniVersion":"1.0.0","name":"vmtrunk","type":"bridge","bridge":"\#(bridge)",\#(extra)
             "ipam":{"type":"host-local","dataDir":"\#(data)","ranges":[[{"subnet":"10.250.61.0/24"}]]}}
            """#
        let environment = ["CNI_COMMAND": "ADD", "CNI_CONTAINERID": "vmvlan", "CNI_NETNS": container.path,
                           "CNI_IFNAME": "eth0", "CNI_PATH": directory]
        let added = try Command.run(["\(directory)/bridge"], environment: environment, stdin: config)
        #expect(added.succeeded, "\(added.stdout)\(added.stderr)")
        let result = try JSONParser.parse(added.stdout)
        let port = result["interfaces"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.first { $0.hasPrefix("veth") } ?? ""
        var vlans: [Int: [String]] = [:]
        for entry in KernelSnapshot.vlans(of: port).arrayValue ?? [] {
            guard let id = entry["vlan"]?.numberValue?.integer(as: Int.self) else { continue }
            let last = entry["vlanEnd"]?.numberValue?.integer(as: Int.self) ?? id
            for vid in id...last { vlans[vid] = (entry["flags"]?.arrayValue ?? []).compactMap(\.stringValue) }
        }
        var deleting = environment
        deleting["CNI_COMMAND"] = "DEL"
        #expect(try Command.run(["\(directory)/bridge"], environment: deleting, stdin: config).succeeded)
        return vlans
    }

    @Test func aTrunkCarriesItsVLANsTagged() throws {
        let vlans = try Self.portVLANs(#""vlan":100,"vlanTrunk":[{"id":101},{"minID":200,"maxID":202}],"preserveDefaultVlan":false,"#)
        #expect(vlans[100]?.contains("PVID") == true && vlans[100]?.contains("Egress Untagged") == true, "\(vlans)")
        for id in [101, 200, 201, 202] {
            #expect(vlans[id] == [], "VLAN \(id) tagged: \(vlans)")
        }
        #expect(vlans[1] == nil, "the default VLAN is removed when asked: \(vlans)")
    }

    /// `preserveDefaultVlan` defaults to true, as in the reference.
    @Test func byDefaultAPortKeepsVLANOne() throws {
        let vlans = try Self.portVLANs(#""vlan":100,"#)
        #expect(vlans[1] != nil && vlans[100]?.contains("PVID") == true, "\(vlans)")
    }

    @Test func aTrunkOutOfRangeIsRefusedNamingTheField() throws {
        let directory = try Binaries.pluginDirectory(ours: ["bridge"])
        defer { try? FileSystem.removeTree(directory) }
        let config = #"{"cniVersion":"1.0.0","name":"vmtrunk","type":"bridge","bridge":"vmbrbad","vlanTrunk":[{"id":5000}]}"#
        let container = try TestNamespace(prefix: "vmvlan")
        let added = try Command.run(["\(directory)/bridge"], environment: [
            "CNI_COMMAND": "ADD", "CNI_CONTAINERID": "vmvlan-bad", "CNI_NETNS": container.path, "CNI_IFNAME": "eth0",
            "CNI_PATH": directory,
        ], stdin: config)
        let error = try JSONParser.parse(added.stdout)
        #expect(!added.succeeded && error["code"]?.numberValue?.integer(as: Int.self) == 7, "\(added.stdout)")
        #expect(error["msg"]?.stringValue?.contains("vlanTrunk") == true, "\(added.stdout)")
        #expect(try Command.run(["ip", "link", "show", "vmbrbad"]).succeeded == false, "nothing is created")
    }
}
