#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import Netlink
import TestSupport
import Testing

/// Links in fresh namespaces, each change checked against `ip -j`.
@Suite struct NetlinkLinkTests {
    @Test func vethPeerIsCreatedDirectlyInTheTargetNamespace() throws {
        let host = try NetlinkTestNamespace()
        let container = try NetlinkTestNamespace()
        let hostMAC = MACAddress("02:00:00:fa:00:01")!
        let peerMAC = MACAddress("02:00:00:fa:00:02")!
        try host.netlink.addVeth(
            named: "veth0", peerName: "eth0", peerNamespace: container.namespace, mtu: 1400, macAddress: hostMAC,
            peerMACAddress: peerMAC)

        let hostSide = try host.linkDetails("veth0")
        #expect(hostSide["mtu"]?.netlinkTestInteger == 1400)
        #expect(hostSide["address"]?.stringValue == "02:00:00:fa:00:01")
        #expect(hostSide["linkinfo"]?["info_kind"]?.stringValue == "veth")
        let peer = try container.linkDetails("eth0")
        #expect(peer["mtu"]?.netlinkTestInteger == 1400)
        #expect(peer["address"]?.stringValue == "02:00:00:fa:00:02")
        #expect(try host.linkNames() == ["lo", "veth0"])

        let link = try host.netlink.link(named: "veth0")
        #expect(link.kindName == "veth")
        #expect(link.mtu == 1400)
        #expect(link.macAddress == hostMAC)
        #expect(link.index == Int32(hostSide["ifindex"]?.netlinkTestInteger ?? -1))
        // The peer's index, in the peer's namespace: from ethtool and from IFLA_LINK alike.
        let peerIndex = Int32(peer["ifindex"]?.netlinkTestInteger ?? -1)
        #expect(try host.netlink.vethPeerIndex(of: "veth0") == peerIndex)
        #expect(try host.netlink.vethPeerIndex(of: link.reference) == peerIndex)
        #expect(link.linkIndex == peerIndex)
        #expect(link.linkNamespaceID != nil)
    }

    @Test func bridgeMasterAndFiltering() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addBridge(named: "br0", mtu: 1450)
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        try ns.netlink.setMaster("br0", of: "v0")
        #expect(try ns.linkDetails("v0")["master"]?.stringValue == "br0")
        #expect(try ns.linkDetails("br0")["linkinfo"]?["info_kind"]?.stringValue == "bridge")

        #expect(try ns.netlink.links(kind: "bridge").map(\.name) == ["br0"])
        #expect(try ns.netlink.links(kind: "veth").compactMap(\.name).sorted() == ["v0", "v1"])
        #expect(try ns.netlink.links(master: "br0").map(\.name) == ["v0"])
        let port = try ns.netlink.link(named: "v0")
        #expect(port.info?.portKind == "bridge")
        #expect(port.masterIndex == (try ns.netlink.link(named: "br0")).index)

        try ns.netlink.setMaster(nil, of: "v0")
        #expect(try ns.linkDetails("v0")["master"] == nil)
        #expect(try ns.netlink.links(master: "br0").isEmpty)
        #expect(try ns.netlink.links().compactMap(\.name).sorted() == ["br0", "lo", "v0", "v1"])
    }

    @Test func settingsShowInIP() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        try ns.netlink.setLinkUp("v0")
        try ns.netlink.setMTU(1280, of: "v0")
        try ns.netlink.setMACAddress(MACAddress("02:11:22:33:44:55")!, of: "v0")
        try ns.netlink.setTxQueueLength(500, of: "v0")
        try ns.netlink.setPromiscuous(true, of: "v0")
        try ns.netlink.setAllMulticast(true, of: "v0")
        try ns.netlink.setAlias("container side", of: "v0")
        var details = try ns.linkDetails("v0")
        let flags = details["flags"]?.netlinkTestStrings ?? []
        #expect(flags.contains("UP") && flags.contains("PROMISC") && flags.contains("ALLMULTI"))
        #expect(details["mtu"]?.netlinkTestInteger == 1280)
        #expect(details["address"]?.stringValue == "02:11:22:33:44:55")
        #expect(details["txqlen"]?.netlinkTestInteger == 500)
        #expect(details["ifalias"]?.stringValue == "container side")
        let link = try ns.netlink.link(named: "v0")
        #expect(link.isUp && link.flags.contains(.promiscuous) && link.flags.contains(.allMulticast))
        #expect(link.alias == "container side" && link.txQueueLength == 500 && link.mtu == 1280)

        try ns.netlink.setPromiscuous(false, of: "v0")
        try ns.netlink.setAllMulticast(false, of: "v0")
        try ns.netlink.setLinkDown(link.reference)
        try ns.netlink.setAlias("", of: "v0")
        details = try ns.linkDetails("v0")
        let after = details["flags"]?.netlinkTestStrings ?? []
        #expect(!after.contains("UP") && !after.contains("PROMISC") && !after.contains("ALLMULTI"))
        #expect(details["ifalias"] == nil)
    }

    @Test func renameAndNameClash() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        try ns.netlink.renameLink("v0", to: "eth7")
        #expect(try ns.linkNames().sorted() == ["eth7", "lo", "v1"])
        let error = #expect(throws: NetlinkError.self) { try ns.netlink.renameLink("eth7", to: "v1") }
        #expect(error?.code == .exists)
        #expect(error?.description.contains("rename to v1 link eth7") == true)
        #expect(try ns.linkNames().sorted() == ["eth7", "lo", "v1"])
    }

    @Test func moveByDescriptorAndByProcess() throws {
        let first = try NetlinkTestNamespace()
        let second = try NetlinkTestNamespace()
        try first.netlink.addVeth(named: "v0", peerName: "v1")
        try first.netlink.moveLink("v0", to: second.namespace, newName: "eth0")
        #expect(try first.linkNames().sorted() == ["lo", "v1"])
        #expect(try second.linkNames().sorted() == ["eth0", "lo"])
        // IFLA_NET_NS_PID takes any task; a thread that entered the namespace is enough.
        try second.namespace.perform {
            try first.netlink.moveLink("v1", toProcess: Self.threadID())
        }
        #expect(try first.linkNames() == ["lo"])
        #expect(try second.linkNames().sorted() == ["eth0", "lo", "v1"])
    }

    /// The calling thread's ID, from `/proc/thread-self` (a link to `PID/task/TID`).
    static func threadID() -> Int32 {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/thread-self", &buffer, buffer.count - 1)
        let text = String(decoding: buffer.prefix(max(count, 0)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Int32(text.split(separator: "/").last ?? "") ?? -1
    }

    @Test func deleteAndNotFound() throws {
        let host = try NetlinkTestNamespace()
        let container = try NetlinkTestNamespace()
        try host.netlink.addVeth(named: "veth0", peerName: "eth0", peerNamespace: container.namespace)
        try host.netlink.deleteLink("veth0")
        #expect(try host.linkNames() == ["lo"])
        #expect(try container.linkNames() == ["lo"])  // the peer went with it
        let again = #expect(throws: NetlinkError.self) { try host.netlink.deleteLink("veth0") }
        #expect(again?.isNotFound == true)
        let missing = #expect(throws: NetlinkError.self) { try host.netlink.link(named: "nothere") }
        #expect(missing?.code == .notFound)
        #expect(missing?.description.contains("link nothere in \(host.path)") == true)
        #expect(try host.netlink.linkIfPresent("nothere") == nil)
        #expect(try host.netlink.linkIfPresent(.index(1))?.name == "lo")
    }

    @Test func ifbAndTunTap() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addIFB(named: "ifb0")
        #expect(try ns.linkDetails("ifb0")["linkinfo"]?["info_kind"]?.stringValue == "ifb")
        #expect(try ns.netlink.link(named: "ifb0").info?.kind == .ifb)

        try ns.netlink.addTunTap(named: "tun0", mode: .tun)
        try ns.netlink.addTunTap(named: "tap0", mode: .tap, options: .init(owner: 0, virtioNetHeader: true))
        let tap = try ns.linkDetails("tap0")["linkinfo"]?["info_data"]
        #expect(tap?["type"]?.stringValue == "tap")
        #expect(tap?["vnet_hdr"]?.boolValue == true)
        #expect(try ns.linkDetails("tun0")["linkinfo"]?["info_data"]?["type"]?.stringValue == "tun")
        guard case .tun(let options)? = try ns.netlink.link(named: "tap0").info?.kind else {
            Issue.record("tap0 is not reported as a tun device")
            return
        }
        #expect(options.mode == .tap && options.persist == true && options.owner == 0)

        try ns.netlink.deleteTunTap(named: "tun0", mode: .tun)
        try ns.netlink.deleteLink("tap0")
        #expect(try ns.linkNames().sorted() == ["ifb0", "lo"])
    }
}
