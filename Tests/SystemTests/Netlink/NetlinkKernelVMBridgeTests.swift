import CNISpec
import Netlink
import TestSupport
import Testing

/// Bridge VLAN filtering and the matchall classifier, in the kernel VM.
@Suite(.enabled(if: NetlinkKernelVM.isInside, Comment(rawValue: NetlinkKernelVM.disabledReason)))
struct NetlinkKernelVMBridgeTests {
    /// `bridge -j vlan show dev DEV`: the VLAN entries of one port.
    static func vlans(_ ns: NetlinkTestNamespace, _ device: String) throws -> [JSONValue] {
        let all = try ns.bridge("vlan", "show", "dev", device).arrayValue ?? []
        return all.first { $0["ifname"]?.stringValue == device }?["vlans"]?.arrayValue ?? []
    }

    @Test func vlanFilteringAndPortVLANs() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addBridge(named: "br0", options: BridgeOptions(vlanFiltering: true, defaultPVID: 1))
        let data = try ns.linkDetails("br0")["linkinfo"]?["info_data"]
        #expect(data?["vlan_filtering"]?.netlinkTestInteger == 1 && data?["vlan_default_pvid"]?.netlinkTestInteger == 1)
        guard case .bridge(let options)? = try ns.netlink.link(named: "br0").info?.kind else { Issue.record("not a bridge"); return }
        #expect(options.vlanFiltering == true && options.defaultPVID == 1)

        try ns.netlink.addVeth(named: "p0", peerName: "p1")
        try ns.netlink.setMaster("br0", of: "p0")
        try ns.netlink.addBridgeVLAN(100, to: "p0", pvid: true, untagged: true)
        try ns.netlink.addBridgeVLAN(200, to: "p0")
        try ns.netlink.addBridgeVLAN(100, to: "br0", target: .self)

        let port = try Self.vlans(ns, "p0")
        let hundred = port.first { $0["vlan"]?.netlinkTestInteger == 100 }
        #expect(hundred?["flags"]?.netlinkTestStrings.sorted() == ["Egress Untagged", "PVID"])
        #expect(port.contains { $0["vlan"]?.netlinkTestInteger == 200 && $0["flags"] == nil })
        #expect(try Self.vlans(ns, "br0").contains { $0["vlan"]?.netlinkTestInteger == 100 })

        let ours = try ns.netlink.bridgeVLANs()
        let p0 = try #require(ours.first { $0.name == "p0" })
        #expect(p0.bridgeVLANs.contains(BridgeVLAN(id: 100, flags: [.pvid, .untagged])))
        #expect(p0.bridgeVLANs.contains { $0.id == 200 && !$0.isPVID && !$0.isUntagged })

        try ns.netlink.deleteBridgeVLAN(200, from: "p0")
        #expect(try !Self.vlans(ns, "p0").contains { $0["vlan"]?.netlinkTestInteger == 200 })
        let missing = #expect(throws: NetlinkError.self) { try ns.netlink.addBridgeVLAN(5000, to: "p0") }
        #expect(missing?.code == .invalidArgument)
    }

    @Test func matchallRedirectToIFB() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        try ns.netlink.addIFB(named: "ifb0")
        let v0 = try ns.netlink.link(named: "v0").index
        let ifb = try ns.netlink.link(named: "ifb0").index
        try ns.netlink.addQdisc(.ingress(interfaceIndex: v0))
        let redirect = TrafficAction(.mirred(MirredAction(direction: .egressRedirect, targetIndex: ifb)))
        try ns.netlink.addFilter(TrafficFilter(interfaceIndex: v0, parent: .ingressQdisc, priority: 2, kind: .matchall(MatchallFilter(actions: [redirect]))))
        let filters = try ns.tc("filter", "show", "dev", "v0", "parent", "ffff:").arrayValue ?? []
        let matchall = filters.first { $0["kind"]?.stringValue == "matchall" && $0["options"] != nil }
        #expect(matchall?["options"]?["actions"]?.arrayValue?.first?["to_dev"]?.stringValue == "ifb0")
        let ours = try ns.netlink.filters(of: "v0", parent: .ingressQdisc)
        #expect(ours.contains { if case .matchall(let m) = $0.kind { m.actions.count == 1 } else { false } })
    }
}
