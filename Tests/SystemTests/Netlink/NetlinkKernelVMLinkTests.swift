import CNISpec
import Netlink
import TestSupport
import Testing

/// Link kinds this host's kernel lacks, in the kernel VM (see `Scripts/test-kernel-vm.sh`).
@Suite(.enabled(if: NetlinkKernelVM.isInside, Comment(rawValue: NetlinkKernelVM.disabledReason)))
struct NetlinkKernelVMLinkTests {
    static func kind(_ ns: NetlinkTestNamespace, _ link: String) throws -> (kind: String?, data: JSONValue?) {
        let info = try ns.linkDetails(link)["linkinfo"]
        return (info?["info_kind"]?.stringValue, info?["info_data"])
    }

    @Test func dummy() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addDummy(named: "d0", mtu: 9000)
        #expect(try Self.kind(ns, "d0").kind == "dummy")
        #expect(try ns.linkDetails("d0")["mtu"]?.netlinkTestInteger == 9000)
        #expect(try ns.netlink.link(named: "d0").info?.kind == .dummy)
    }

    @Test(arguments: [MacvlanOptions.Mode.private, .vepa, .bridge, .passthru, .source])
    func macvlanModes(_ mode: MacvlanOptions.Mode) throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addDummy(named: "parent0")
        try ns.netlink.setLinkUp("parent0")
        try ns.netlink.addMacvlan(named: "mv0", parent: "parent0", mode: mode)
        let (kind, data) = try Self.kind(ns, "mv0")
        #expect(kind == "macvlan")
        #expect(data?["mode"]?.stringValue == mode.description)
        #expect(try ns.linkDetails("mv0")["link"]?.stringValue == "parent0")
        guard case .macvlan(let read)? = try ns.netlink.link(named: "mv0").info?.kind else { Issue.record("not macvlan"); return }
        #expect(read.mode == mode)
        #expect(!read.otherAttributes.isEmpty)  // the kernel's other IFLA_MACVLAN_* are kept
    }

    @Test func macvtapAndCreationInAnotherNamespace() throws {
        let host = try NetlinkTestNamespace()
        let container = try NetlinkTestNamespace()
        try host.netlink.addDummy(named: "parent0")
        try host.netlink.addMacvlan(named: "mvt0", parent: "parent0", mode: .bridge, tap: true)
        #expect(try Self.kind(host, "mvt0").kind == "macvtap")
        #expect(try host.netlink.link(named: "mvt0").kindName == "macvtap")

        let mac = MACAddress("02:00:00:fa:01:01")!
        try host.netlink.addMacvlan(named: "eth0", parent: "parent0", mode: .bridge, mtu: 1400, macAddress: mac, namespace: container.namespace)
        #expect(try host.linkNames().sorted() == ["lo", "mvt0", "parent0"])
        let moved = try container.linkDetails("eth0")
        #expect(moved["address"]?.stringValue == "02:00:00:fa:01:01" && moved["mtu"]?.netlinkTestInteger == 1400)
        #expect(moved["link_netnsid"] != nil)
        #expect(try Self.kind(container, "eth0").data?["mode"]?.stringValue == "bridge")
    }

    @Test(arguments: [IPVlanOptions.Mode.l2, .l3, .l3s], [IPVlanOptions.Flags.bridge, .private, .vepa])
    func ipvlanModesAndFlags(_ mode: IPVlanOptions.Mode, _ flags: IPVlanOptions.Flags) throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addDummy(named: "parent0")
        try ns.netlink.addIPVlan(named: "ipv0", parent: "parent0", mode: mode, flags: flags)
        let (kind, data) = try Self.kind(ns, "ipv0")
        #expect(kind == "ipvlan")
        #expect(data?["mode"]?.stringValue == mode.description)
        // `ip` shows `"private": true` or `"vepa": true`, and nothing for bridge.
        for other in [IPVlanOptions.Flags.private, .vepa] {
            #expect((data?[other.description]?.boolValue ?? false) == (other == flags))
        }
        #expect(try ns.netlink.link(named: "ipv0").info?.kind == .ipvlan(IPVlanOptions(mode: mode, flags: flags)))
    }

    @Test func ipvtapInAnotherNamespace() throws {
        let host = try NetlinkTestNamespace()
        let container = try NetlinkTestNamespace()
        try host.netlink.addDummy(named: "parent0")
        try host.netlink.addIPVlan(named: "ipvt0", parent: "parent0", mode: .l2, tap: true)
        #expect(try Self.kind(host, "ipvt0").kind == "ipvtap")
        try host.netlink.addIPVlan(named: "eth0", parent: "parent0", mode: .l3, namespace: container.namespace)
        #expect(try Self.kind(container, "eth0").data?["mode"]?.stringValue == "l3")
        // A parent carries macvlans or ipvlans, not both: the kernel says busy.
        let clash = #expect(throws: NetlinkError.self) {
            try host.netlink.addMacvlan(named: "mv0", parent: "parent0", mode: .bridge)
        }
        #expect(clash?.code == .busy)
    }

    @Test func vlans() throws {
        let host = try NetlinkTestNamespace()
        let container = try NetlinkTestNamespace()
        try host.netlink.addDummy(named: "parent0")
        try host.netlink.addVLAN(named: "parent0.5", parent: "parent0", id: 5)
        try host.netlink.addVLAN(named: "qinq", parent: "parent0", id: 6, tagProtocol: VLANOptions.TagProtocol.ieee8021AD)
        let dot1q = try Self.kind(host, "parent0.5")
        #expect(dot1q.kind == "vlan" && dot1q.data?["id"]?.netlinkTestInteger == 5 && dot1q.data?["protocol"]?.stringValue == "802.1Q")
        #expect(try Self.kind(host, "qinq").data?["protocol"]?.stringValue == "802.1ad")
        guard case .vlan(let read)? = try host.netlink.link(named: "qinq").info?.kind else { Issue.record("not a vlan"); return }
        #expect(read.id == 6 && read.tagProtocol == VLANOptions.TagProtocol.ieee8021AD)
        try host.netlink.addVLAN(named: "eth0", parent: "parent0", id: 7, namespace: container.namespace)
        #expect(try Self.kind(container, "eth0").data?["id"]?.netlinkTestInteger == 7)
        let duplicate = #expect(throws: NetlinkError.self) { try host.netlink.addVLAN(named: "again", parent: "parent0", id: 5) }
        #expect(duplicate?.code == .exists)
    }

    @Test func vrf() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addVRF(named: "blue", table: 10)
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        try ns.netlink.setMaster("blue", of: "v0")
        try ns.netlink.setLinkUp("blue")
        try ns.netlink.setLinkUp("v0")
        try ns.netlink.addAddress(IPPrefix("10.250.70.1/24")!, to: "v0")
        let (kind, data) = try Self.kind(ns, "blue")
        #expect(kind == "vrf" && data?["table"]?.netlinkTestInteger == 10)
        #expect(try ns.linkDetails("v0")["master"]?.stringValue == "blue")
        #expect(try ns.netlink.link(named: "blue").info?.kind == .vrf(VRFOptions(table: 10)))
        // The connected route lands in the VRF's table.
        #expect(try ns.netlink.routes(family: .v4, table: 10).contains { $0.destinationPrefix?.description == "10.250.70.0/24" })
        #expect(try ns.netlink.links(master: "blue").map(\.name) == ["v0"])
    }
}
