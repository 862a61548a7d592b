import NetAddress
@testable import Netlink
import NetlinkCodec
@testable import PacketFilter
import TestSupport
import Testing

/// nf_tables requests against what `nft` sends for the same ruleset, byte for byte (the fixtures'
/// `.nft` files are the rulesets; `capture.sh` records them), and replies the kernel sent `nft`.
@Suite struct NFTablesGoldenTests {
    static let identity = MasqueradeIdentity(network: "nfnet", interfaceName: "eth0", containerID: "nfcontainer")
    static let addresses = ["10.250.100.2/24", "fd00:250:100::2/64", "10.250.101.18/28"].compactMap { IPPrefix($0) }

    /// A connection whose kernel is a script (for the parts that need one but send nothing here).
    static func scriptedNetlink(_ kernel: NetlinkSocketTests.ScriptedKernel = .init { _, _ in [] }) -> NFTablesNetlink {
        NFTablesNetlink(socket: NetlinkSocket(channel: kernel, descriptor: nil, firstSequence: 0), label: "/var/run/netns/scripted")
    }

    @Test func theCommentNamesTheAttachmentAsTheReferenceDoes() {
        // sha512("nfnet")[:16] and sha512("eth0:nfcontainer")[:16], as Go's hashForInstance.
        #expect(Self.identity.comment == "9b9a00605ecae439-d166db461401e36d, net: nfnet, if: eth0, id: nfcontainer")
        #expect(Self.identity.prefix.hasPrefix(MasqueradeIdentity.networkPrefix("nfnet") + "-"))
        let long = MasqueradeIdentity(network: String(repeating: "n", count: 200), interfaceName: "eth0", containerID: "c\"id")
        #expect(long.comment.utf8.count == NFTUserData.maximumCommentLength)
        #expect(MasqueradeIdentity(network: "a", interfaceName: "eth0", containerID: "c\"id").comment.hasSuffix("id: cid"))
    }

    /// `nft -f masquerade.nft`: table, chains, the base chain rewritten, three container rules
    /// (a /24 and a /64 load only the prefix's bytes; a /28 is masked).
    @Test func masqueradeSetUpIsWhatNftSends() throws {
        let expected = try #require(try NFTablesFixtures.datagrams("masquerade.hex").first)
        let batch = Masquerade.setUpBatch(Self.addresses, comment: Self.identity.comment, replacing: [])
        #expect(NFTablesFixtures.messages(batch.datagram()) == NFTablesFixtures.messages(expected))
    }

    /// `nft -f spoofcheck.nft`: the bridge table, base chain with policy, two regular chains
    /// flushed, the jump on `iifname`, the MAC test and the drop.
    @Test func spoofCheckSetUpIsWhatNftSends() throws {
        let expected = try #require(try NFTablesFixtures.datagrams("spoofcheck.hex").first)
        let check = MACSpoofCheck(netlink: Self.scriptedNetlink(), containerID: "cid", interfaceName: "eth0")
        let mac = try #require(MACAddress("02:00:00:00:00:01"))
        let batch = check.setUpBatch(hostInterface: "veth1234abcd", mac: mac, replacing: [])
        #expect(NFTablesFixtures.messages(batch.datagram()) == NFTablesFixtures.messages(expected))
    }

    /// `delete rule inet ... handle 5` and `delete chain bridge nat ...`.
    @Test func deletesAreWhatNftSends() throws {
        let expected = try #require(try NFTablesFixtures.datagrams("delete.hex").first)
        var batch = NFTBatch()
        batch.deleteRule(.inet, table: "cni_plugins_masquerade", chain: "masq_checks", handle: 5)
        batch.deleteChain(.bridge, table: "nat", "cni-br-iface-cid-eth0-mac")
        #expect(NFTablesFixtures.messages(batch.datagram()) == NFTablesFixtures.messages(expected))
    }

    /// `nft -a list chain inet cni_plugins_masquerade masq_checks`: the filtered GETRULE dump,
    /// and the kernel's answer decoded into the rules we wrote, with handles and comments.
    @Test func listingRulesMatchesNftAndDecodesTheKernelsAnswer() throws {
        let capture = try NFTablesFixtures.datagrams("list-rules.hex")
        try #require(capture.count == 3)  // the request, the rules, NLMSG_DONE
        let request = NFTablesNetlink.listRulesRequest(.inet, table: Masquerade.table, chain: Masquerade.checksChain)
        #expect(NetlinkHex.string(request) == NetlinkHex.string(capture[0]))

        let replies = try NetlinkMessage.split(capture[1][...])
        #expect(replies.allSatisfy { $0.header.type == NFTCommand.newRule.messageType })
        let rules = try replies.map { try $0.body(as: NFTRule.self) }
        let expected = Self.addresses.map { Masquerade.rule(for: $0, comment: Self.identity.comment) }
        #expect(rules.map(\.expressions) == expected.map(\.expressions))
        #expect(rules.allSatisfy { $0.comment == Self.identity.comment && $0.table == Masquerade.table && $0.chain == Masquerade.checksChain })
        let handles = rules.compactMap(\.handle)
        #expect(handles.count == 3 && Set(handles).count == 3)
    }

    @Test func messagesRoundTrip() throws {
        let chain = NFTChain(family: .bridge, table: "nat", name: "PREROUTING", type: "filter",
                             hook: .init(number: NFTChain.Hook.prerouting, priority: -300), policy: .accept)
        #expect(try NFTChain(decoding: chain.encodedBody[...]) == chain)
        let table = NFTTable(family: .inet, name: "t", comment: "a comment")
        #expect(try NFTTable(decoding: table.encodedBody[...]) == table)
        let rule = NFTRule(family: .inet, table: "t", chain: "c", expressions: [
            .counter(packets: 3, bytes: 300), .immediate(.goto("other")), .immediate(.accept),
            .other(name: "log", data: NetlinkAttributeList([NetlinkAttribute(type: 1, payload: [0, 0, 0, 1])])),
        ], comment: "x")
        #expect(try NFTRule(decoding: rule.encodedBody[...]) == rule)
        #expect(NFTCommand(NFTCommand.deleteRule.messageType) == .deleteRule)
        #expect(NFTCommand(NetlinkMessageType(0x0100)) == nil)
    }

    @Test func longCommentsAreCutAtACharacterBoundary() {
        let text = String(repeating: "é", count: 100)  // 200 bytes
        let data = NFTUserData.encode(comment: text)
        #expect(Int(data[1]) == 128 + 1 && data.last == 0)
        #expect(NFTUserData.comment(in: data) == String(repeating: "é", count: 64))
    }
}
