import CNISpec
import Netlink
import TestSupport
import Testing

/// Bridge port options through `AF_BRIDGE`, checked against `bridge -j link` and `ip -d -j link`.
/// (VLAN filtering needs a kernel with it: see the kernel-VM suites.)
@Suite struct NetlinkBridgeTests {
    @Test func portOptions() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addBridge(named: "br0")
        try ns.netlink.addVeth(named: "p0", peerName: "p1")
        try ns.netlink.setMaster("br0", of: "p0")

        try ns.netlink.setBridgePortOptions(BridgePortOptions(hairpin: true, isolated: true, learning: false), of: "p0")
        let port = try ns.linkDetails("p0")["linkinfo"]?["info_slave_data"]
        #expect(port?["hairpin"]?.boolValue == true)
        #expect(port?["isolated"]?.boolValue == true)
        #expect(port?["learning"]?.boolValue == false)
        let link = try ns.bridge("link", "show").arrayValue?.first { $0["ifname"]?.stringValue == "p0" }
        #expect(link?["master"]?.stringValue == "br0")

        let ours = try ns.netlink.bridgePortOptions(of: "p0")
        #expect(ours.hairpin == true && ours.isolated == true && ours.learning == false)

        // Options left nil stay as they are.
        try ns.netlink.setBridgePortOptions(BridgePortOptions(hairpin: false), of: "p0")
        let after = try ns.netlink.bridgePortOptions(of: "p0")
        #expect(after.hairpin == false && after.isolated == true && after.learning == false)

        let notPort = #expect(throws: NetlinkError.self) { try ns.netlink.bridgePortOptions(of: "p1") }
        #expect(notPort?.code == .invalidArgument)
    }

    @Test func bridgeOptionsAreReported() throws {
        let ns = try NetlinkTestNamespace()
        var options = BridgeOptions()
        options.stpState = 0
        options.ageingTime = 20000  // centiseconds; round numbers survive the kernel's jiffies conversion
        try ns.netlink.addBridge(named: "br0", options: options)
        let data = try ns.linkDetails("br0")["linkinfo"]?["info_data"]
        #expect(data?["ageing_time"]?.netlinkTestInteger == 20000)
        guard case .bridge(let read)? = try ns.netlink.link(named: "br0").info?.kind else {
            Issue.record("not a bridge")
            return
        }
        #expect(read.ageingTime == 20000 && read.stpState == 0)
        #expect(!read.otherAttributes.isEmpty)  // the rest of IFLA_BR_* is kept
    }
}
