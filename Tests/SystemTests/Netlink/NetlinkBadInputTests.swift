import CNISpec
import LinuxSystem
import Netlink
import TestSupport
import Testing

/// Bad input gives a typed error naming the object, and leaves nothing half-created.
@Suite struct NetlinkBadInputTests {
    @Test(arguments: ["sixteen-chars-xx", "bad/name", "bad:name", "with space", "", ".."])
    func invalidLinkNamesAreRefusedBeforeSending(_ name: String) throws {
        let ns = try NetlinkTestNamespace()
        let error = #expect(throws: NetlinkError.self) { try ns.netlink.addVeth(named: name, peerName: "p0") }
        #expect(error?.code == .invalidArgument)
        #expect(error?.description.contains("create veth") == true)
        let peer = #expect(throws: NetlinkError.self) { try ns.netlink.addVeth(named: "v0", peerName: name) }
        #expect(peer?.code == .invalidArgument)
        #expect(try ns.linkNames() == ["lo"])
        let rename = #expect(throws: NetlinkError.self) { try ns.netlink.renameLink("lo", to: name) }
        #expect(rename?.code == .invalidArgument)
    }

    @Test func tooLongNameMessage() throws {
        let ns = try NetlinkTestNamespace()
        let error = #expect(throws: NetlinkError.self) { try ns.netlink.addBridge(named: "a-very-long-bridge") }
        #expect(error?.description == "create bridge link a-very-long-bridge: the name \"a-very-long-bridge\" is longer than 15 bytes")
    }

    @Test func clashesAreAtomic() throws {
        let host = try NetlinkTestNamespace()
        let container = try NetlinkTestNamespace()
        try container.netlink.addVeth(named: "eth0", peerName: "x0")
        // The peer's name is taken in the target namespace: the kernel refuses the whole pair.
        let error = #expect(throws: NetlinkError.self) {
            try host.netlink.addVeth(named: "veth0", peerName: "eth0", peerNamespace: container.namespace)
        }
        #expect(error?.code == .exists)
        #expect(error?.description.hasPrefix("create veth link veth0 in \(host.path): File exists") == true)
        #expect(try host.linkNames() == ["lo"])
        #expect(try container.linkNames().sorted() == ["eth0", "lo", "x0"])

        let duplicate = #expect(throws: NetlinkError.self) { try container.netlink.addIFB(named: "x0") }
        #expect(duplicate?.code == .exists)
    }

    @Test func missingDevices() throws {
        let ns = try NetlinkTestNamespace()
        let up = #expect(throws: NetlinkError.self) { try ns.netlink.setLinkUp("nothere") }
        #expect(up?.code == .notFound)
        #expect(up?.description == "set up link nothere in \(ns.path): No such device")
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        let master = #expect(throws: NetlinkError.self) { try ns.netlink.setMaster("nobridge", of: "v0") }
        #expect(master?.isNotFound == true)
        #expect(try ns.linkDetails("v0")["master"] == nil)
        let parent = #expect(throws: NetlinkError.self) {
            try ns.netlink.addMacvlan(named: "mv0", parent: "noparent", mode: .bridge)
        }
        #expect(parent?.isNotFound == true)
        let byIndex = #expect(throws: NetlinkError.self) { try ns.netlink.deleteLink(.index(9999)) }
        #expect(byIndex?.isNotFound == true)
        #expect(try ns.linkNames().sorted() == ["lo", "v0", "v1"])
    }

    @Test func kernelValidationComesWithItsMessage() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        let mtu = #expect(throws: NetlinkError.self) { try ns.netlink.setMTU(20, of: "v0") }
        #expect(mtu?.code == .invalidArgument)
        #expect(mtu?.kernelMessage?.lowercased().contains("mtu") == true)
        #expect(try ns.linkDetails("v0")["mtu"]?.netlinkTestInteger == 1500)

        let kind = #expect(throws: NetlinkError.self) {
            try ns.netlink.addLink(Link(name: "x0", info: LinkInfo(kind: .other(name: "nosuchkind", data: nil))))
        }
        #expect(kind?.code == .notSupported)
        #expect(try ns.linkNames().sorted() == ["lo", "v0", "v1"])

        let vlan = #expect(throws: NetlinkError.self) { try ns.netlink.addVLAN(named: "v0.5000", parent: "v0", id: 5000) }
        #expect(vlan?.code == .invalidArgument)
    }

    @Test func pathsThatAreNotNetworkNamespaces() throws {
        let directory = try Fixtures.temporaryDirectory("netlink-badns")
        defer { try? FileSystem.removeTree(directory) }
        let file = "\(directory)/plain"
        try FileSystem.writeFileAtomically(file, Array("not a namespace".utf8))
        for path in [file, directory, "/proc/self/ns/mnt", "/proc/self/ns/uts", "/proc/self"] {
            let error = #expect(throws: NetNSError.self) { try NetworkNamespace.open(path) }
            #expect(error?.code == .notANetworkNamespace, "\(path)")
        }
        let missing = #expect(throws: NetNSError.self) { try NetworkNamespace.open("\(directory)/absent") }
        #expect(missing?.code == .notFound)
    }
}
