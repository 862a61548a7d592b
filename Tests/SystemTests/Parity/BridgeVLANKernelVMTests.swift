import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// The bridge plugin's VLAN options, in the kernel VM (this host's kernel has no bridge VLAN
/// filtering): `vlan` against Debian's reference bridge (v1.1.1), and `vlanTrunk` and
/// `preserveDefaultVlan`, which v1.1.1 does not have, against the kernel's view of the port.
@Suite(.enabled(if: NetlinkKernelVM.isInside, Comment(rawValue: NetlinkKernelVM.disabledReason)))
struct BridgeVLANKernelVMTests {
    @Test(arguments: ["0.3.1", "0.4.0", "1.0.0"])
    func anAccessVLANMatchesTheReference(_ version: String) throws {
        let template = #"""
            {"cniVersion":"{VERSION}","name":"vmvlan","type":"bridge","bridge":"vmbr0","vlan":100,"isGateway":true,
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.60.0/24"}]]}}
            """#
        let (go, ours) = try AttachmentLifecycle.compare(ParityCase(name: "access VLAN", plugin: "bridge", template: template, version: version))
        #expect(go.result["failed"] == nil, "the reference failed: \(go)")
        let differences = AttachmentLifecycle.differences(go: go, ours: ours, allowing: ParityAllowances.of("bridge"))
        #expect(differences.isEmpty, "\(version):\n\(differences.joined(separator: "\n"))")
        // Not vacuous: the port carries VLAN 100 as its untagged PVID on both sides.
        #expect(ours.host.entries["bridge-vlans/VETH/100"]?.contains("PVID") == true, "\(ours.host)")
        #expect(ours.host.entries["links/vmbr0/linkinfo/info_data/vlan_filtering"] == "1", "\(ours.host)")
    }

    /// VLANs on our port after ADD, by ID, with their flags.
    static func portVLANs(_ extra: String) throws -> [Int: [String]] {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["bridge", "host-local"])
        let config = attachment.configuration(#"""
            {"cniVersion":"1.0.0","name":"vmtrunk","type":"bridge","bridge":"vmbrt0",\#(extra)
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.61.0/24"}]]}}
            """#, version: "1.0.0")
        let added = try attachment.run("bridge", "ADD", config: config)
        #expect(added.succeeded, "\(added.output)\(added.stderr)")
        let port = added.output["interfaces"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.first { $0.hasPrefix("veth") } ?? ""
        var vlans: [Int: [String]] = [:]
        let text = try Command.check(["ip", "netns", "exec", attachment.host.name, "bridge", "-j", "vlan", "show", "dev", port])
        for entry in (try JSONParser.parse(text)).arrayValue?.flatMap({ $0["vlans"]?.arrayValue ?? [] }) ?? [] {
            guard let id = entry["vlan"]?.numberValue?.integer(as: Int.self) else { continue }
            let last = entry["vlanEnd"]?.numberValue?.integer(as: Int.self) ?? id
            for vid in id...last { vlans[vid] = (entry["flags"]?.arrayValue ?? []).compactMap(\.stringValue) }
        }
        #expect(try attachment.run("bridge", "DEL", config: config).succeeded)
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
