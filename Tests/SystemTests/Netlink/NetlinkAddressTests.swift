import CNISpec
import LinuxSystem
import Netlink
import TestSupport
import Testing

/// Addresses in a fresh namespace, checked against `ip -j address`.
@Suite struct NetlinkAddressTests {
    static func addressInfo(_ ns: NetlinkTestNamespace, _ link: String) throws -> [JSONValue] {
        try ns.ip("address", "show", "dev", link).arrayValue?.first?["addr_info"]?.arrayValue ?? []
    }

    @Test func addListAndDeleteBothFamilies() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addDummyOrVeth("d0")
        try ns.netlink.setLinkUp("d0")
        try ns.netlink.addAddress(IPPrefix("10.250.2.5/24")!, to: "d0", options: .init(label: "d0:web"))
        try ns.netlink.addAddress(
            IPPrefix("fd00:250:2::5/64")!, to: "d0", options: .init(flags: [.noDAD, .noPrefixRoute]))

        let info = try Self.addressInfo(ns, "d0")
        let v4 = info.first { $0["local"]?.stringValue == "10.250.2.5" }
        #expect(v4?["prefixlen"]?.netlinkTestInteger == 24)
        #expect(v4?["label"]?.stringValue == "d0:web")
        let v6 = info.first { $0["local"]?.stringValue == "fd00:250:2::5" }
        #expect(v6?["nodad"]?.boolValue == true)
        #expect(v6?["noprefixroute"]?.boolValue == true)
        #expect(v6?["tentative"] == nil)
        // noprefixroute: no fd00:250:2::/64 route appeared.
        let v6Routes = try ns.netlink.routes(family: .v6).compactMap(\.destinationPrefix?.description)
        #expect(!v6Routes.contains("fd00:250:2::/64"))

        let ours = try ns.netlink.addresses(of: "d0")
        #expect(ours.compactMap(\.prefix?.description).contains("10.250.2.5/24"))
        #expect(ours.compactMap(\.prefix?.description).contains("fd00:250:2::5/64"))
        let v4Only = try ns.netlink.addresses(family: .v4, of: "d0")
        #expect(v4Only.compactMap(\.prefix?.description) == ["10.250.2.5/24"])
        #expect(v4Only.first?.label == "d0:web")
        #expect(try ns.netlink.addresses(family: .v6).contains { $0.flags.contains(.noPrefixRoute) })

        try ns.netlink.deleteAddress(IPPrefix("10.250.2.5/24")!, from: "d0")
        try ns.netlink.deleteAddress(IPPrefix("fd00:250:2::5/64")!, from: "d0")
        let left = try Self.addressInfo(ns, "d0").compactMap { $0["local"]?.stringValue }
        #expect(!left.contains("10.250.2.5") && !left.contains("fd00:250:2::5"))
    }

    @Test func duplicatesMissingAndReplace() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addDummyOrVeth("d0")
        let prefix = IPPrefix("10.250.3.1/24")!
        try ns.netlink.addAddress(prefix, to: "d0")
        let duplicate = #expect(throws: NetlinkError.self) { try ns.netlink.addAddress(prefix, to: "d0") }
        #expect(duplicate?.code == .exists)
        #expect(duplicate?.description.contains("10.250.3.1/24 on link d0") == true)
        // Replace is idempotent and may change attributes.
        try ns.netlink.replaceAddress(prefix, on: "d0", options: .init(routePriority: 50))
        #expect(try ns.netlink.addresses(family: .v4, of: "d0").count == 1)

        let missing = #expect(throws: NetlinkError.self) {
            try ns.netlink.deleteAddress(IPPrefix("10.250.3.99/24")!, from: "d0")
        }
        #expect(missing?.isNotFound == true)
        let noDevice = #expect(throws: NetlinkError.self) {
            try ns.netlink.addAddress(IPPrefix("10.250.3.2/24")!, to: "nothere")
        }
        #expect(noDevice?.isNotFound == true)
        #expect(noDevice?.description.contains("nothere") == true)
    }

    @Test func lifetimesAndScope() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addDummyOrVeth("d0")
        try ns.netlink.addAddress(
            IPPrefix("10.250.4.1/32")!, to: "d0",
            options: .init(scope: .host, lifetimes: .init(preferred: 100, valid: 200)))
        let info = try Self.addressInfo(ns, "d0").first { $0["local"]?.stringValue == "10.250.4.1" }
        #expect(info?["scope"]?.stringValue == "host")
        #expect((info?["valid_life_time"]?.netlinkTestInteger ?? 0) <= 200)
        let ours = try ns.netlink.addresses(family: .v4, of: "d0").first
        #expect(ours?.scope == .host)
        #expect((ours?.lifetimes?.valid ?? 0) <= 200 && (ours?.lifetimes?.valid ?? 0) > 0)
    }
}

extension RouteNetlink {
    /// A link to put addresses on: a veth (this kernel may lack the dummy driver), named `name`.
    func addDummyOrVeth(_ name: String) throws {
        try addVeth(named: name, peerName: "\(name)p")
    }
}
