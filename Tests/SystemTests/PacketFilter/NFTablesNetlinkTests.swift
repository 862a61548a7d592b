import LinuxSystem
import Netlink
import NetlinkCodec
import NetNS
import TestSupport
import Testing

/// The nf_tables connection against the kernel, in a namespace of the test's own: batches are
/// applied whole or not at all, and rules read back with handles and comments.
@Suite struct NFTablesNetlinkTests {
    static func ruleset(_ namespace: TestNamespace) throws -> String {
        try Command.check(["ip", "netns", "exec", namespace.name, "nft", "-a", "list", "ruleset"])
    }

    @Test func aBatchAppliesWholeOrNotAtAll() throws {
        let namespace = try TestNamespace(prefix: "nfk")
        let netlink = try NFTablesNetlink.open(in: try NetworkNamespace.open(namespace.path))
        var batch = NFTBatch()
        batch.addTable(NFTTable(family: .inet, name: "nftest"))
        batch.addChain(NFTChain(family: .inet, table: "nftest", name: "base", type: "filter",
                                hook: .init(number: 1, priority: 0), policy: .accept))
        batch.addChain(NFTChain(family: .inet, table: "nftest", name: "checks"))
        batch.addRule(NFTRule(family: .inet, table: "nftest", chain: "base",
                              expressions: [.counter(packets: 0, bytes: 0), .immediate(.jump("checks"))], comment: "first"))
        try netlink.apply(batch)
        let listed = try Self.ruleset(namespace)
        #expect(listed.contains("jump checks comment \"first\""), "\(listed)")

        let rules = try netlink.rules(.inet, table: "nftest", chain: "base")
        #expect(rules.count == 1 && rules[0].comment == "first" && rules[0].handle != nil)
        #expect(rules.first?.expressions.last == .immediate(.jump("checks")))
        #expect(try netlink.chain(.inet, table: "nftest", name: "base")?.hook?.number == 1)
        #expect(try netlink.chain(.inet, table: "nftest", name: "absent") == nil)
        #expect(try netlink.rules(.inet, table: "absent", chain: "absent").isEmpty)

        // A good rule and one jumping nowhere: the kernel refuses the second, and keeps neither.
        var failing = NFTBatch()
        failing.addRule(NFTRule(family: .inet, table: "nftest", chain: "checks", expressions: [.immediate(.accept)], comment: "second"))
        failing.addRule(NFTRule(family: .inet, table: "nftest", chain: "checks", expressions: [.immediate(.jump("nowhere"))]))
        let error = #expect(throws: NetlinkError.self) { try netlink.apply(failing) }
        #expect(error?.code == .notFound)
        #expect(error?.object == "add rule inet nftest checks")
        #expect(!(try Self.ruleset(namespace)).contains("second"))

        // Delete by handle, then the table.
        var cleanup = NFTBatch()
        cleanup.deleteRule(.inet, table: "nftest", chain: "base", handle: try #require(rules[0].handle))
        try netlink.apply(cleanup)
        #expect(try netlink.rules(.inet, table: "nftest", chain: "base").isEmpty)
        var drop = NFTBatch()
        drop.deleteTable(.inet, "nftest")
        try netlink.apply(drop)
        #expect(!(try Self.ruleset(namespace)).contains("nftest"))
    }
}
