import CNISpec
import Netlink
import TestSupport
import Testing

/// The qdiscs and filters of the bandwidth plugin, checked against `tc -j`. (This host's kernel
/// has no `matchall` classifier; the kernel-VM suite covers it.)
@Suite struct NetlinkTrafficControlTests {
    @Test func tokenBucketRoot() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        let v0 = try ns.netlink.link(named: "v0").index
        // 1 mbit/s, 32 KiB bucket, 25 ms latency: what `tc ... tbf rate 1mbit burst 32kb latency 25ms` sends.
        let rate: UInt64 = 125_000
        let limit = TokenBucketFilter.limit(rate: rate, burst: 32768, latencyMicroseconds: 25_000)
        #expect(limit == 35893)
        let tbf = TokenBucketFilter(rate: rate, burst: 32768, limit: limit)
        try ns.netlink.addQdisc(Qdisc(interfaceIndex: v0, handle: TrafficControlHandle(major: 1), parent: .root, kind: .tokenBucket(tbf)))

        let shown = try ns.tc("qdisc", "show", "dev", "v0").arrayValue?.first { $0["kind"]?.stringValue == "tbf" }
        #expect(shown?["handle"]?.stringValue == "1:")
        #expect(shown?["root"]?.boolValue == true)
        #expect(shown?["options"]?["rate"]?.netlinkTestInteger == 125_000)
        #expect(shown?["options"]?["burst"]?.netlinkTestInteger == 32768)
        // `tc` shows the limit as the latency it allows: (35893 - 32768) / 125000 s = 25 ms.
        #expect(shown?["options"]?["lat"]?.netlinkTestInteger == 25_000)

        let ours = try ns.netlink.qdiscs(of: "v0").first { $0.kind?.name == "tbf" }
        guard case .tokenBucket(let read)? = ours?.kind else {
            Issue.record("no tbf read back")
            return
        }
        #expect(read.rate == rate && read.limit == limit && read.bufferTicks == tbf.bufferTicks)
        #expect(read.burst == 32768)

        // Replace changes the rate in place; then delete.
        let faster = TokenBucketFilter(rate: 250_000, burst: 32768, limit: limit)
        try ns.netlink.replaceQdisc(Qdisc(interfaceIndex: v0, handle: TrafficControlHandle(major: 1), parent: .root, kind: .tokenBucket(faster)))
        let replaced = try ns.tc("qdisc", "show", "dev", "v0").arrayValue?.first { $0["kind"]?.stringValue == "tbf" }
        #expect(replaced?["options"]?["rate"]?.netlinkTestInteger == 250_000)
        try ns.netlink.deleteQdisc(Qdisc(interfaceIndex: v0, handle: TrafficControlHandle(major: 1), parent: .root, kind: nil))
        #expect(try ns.netlink.qdiscs(of: "v0").allSatisfy { $0.kind?.name != "tbf" })
    }

    @Test func ingressRedirectToIFB() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        try ns.netlink.addIFB(named: "ifb0")
        let v0 = try ns.netlink.link(named: "v0").index
        let ifb = try ns.netlink.link(named: "ifb0").index
        try ns.netlink.addQdisc(.ingress(interfaceIndex: v0))
        let redirect = TrafficAction(.mirred(MirredAction(direction: .egressRedirect, targetIndex: ifb)))
        try ns.netlink.addFilter(TrafficFilter(
            interfaceIndex: v0, parent: .ingressQdisc, kind: .u32(.matchAll(actions: [redirect]))))
        try ns.netlink.addFilter(TrafficFilter(
            interfaceIndex: v0, parent: .ingressQdisc, priority: 2, kind: .u32(.matchAll(actions: [redirect]))))

        #expect(try ns.tc("qdisc", "show", "dev", "v0").arrayValue?.contains { $0["kind"]?.stringValue == "ingress" } == true)
        let filters = try ns.tc("filter", "show", "dev", "v0", "parent", "ffff:").arrayValue ?? []
        let u32 = filters.first { $0["kind"]?.stringValue == "u32" && $0["options"]?["actions"] != nil }
        let action = u32?["options"]?["actions"]?.arrayValue?.first
        #expect(action?["kind"]?.stringValue == "mirred")
        #expect(action?["mirred_action"]?.stringValue == "redirect")
        #expect(action?["to_dev"]?.stringValue == "ifb0")
        #expect(u32?["protocol"]?.stringValue == "all")
        #expect(filters.contains { $0["pref"]?.netlinkTestInteger == 2 })

        let ours = try ns.netlink.filters(of: "v0", parent: .ingressQdisc)
        let readU32 = ours.compactMap { filter -> U32Filter? in
            if case .u32(let u32) = filter.kind, !u32.actions.isEmpty { return u32 }
            return nil
        }.first
        #expect(readU32?.keys == [U32Filter.Key(mask: 0, value: 0)])
        if case .mirred(let mirred)? = readU32?.actions.first?.kind {
            #expect(mirred.direction == .egressRedirect && mirred.targetIndex == ifb)
        } else {
            Issue.record("no mirred action read back")
        }
        #expect(ours.contains { $0.priority == 2 })

        try ns.netlink.deleteFilter(TrafficFilter(interfaceIndex: v0, parent: .ingressQdisc, priority: 2, kind: nil))
        #expect(try ns.netlink.filters(of: "v0", parent: .ingressQdisc).allSatisfy { $0.priority != 2 })
        try ns.netlink.deleteQdisc(.ingress(interfaceIndex: v0))
        #expect(try ns.tc("qdisc", "show", "dev", "v0").arrayValue?.contains { $0["kind"]?.stringValue == "ingress" } == false)
    }

    @Test func clsactAndDuplicates() throws {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        let v0 = try ns.netlink.link(named: "v0").index
        try ns.netlink.addQdisc(.clsact(interfaceIndex: v0))
        #expect(try ns.tc("qdisc", "show", "dev", "v0").arrayValue?.contains { $0["kind"]?.stringValue == "clsact" } == true)
        #expect(try ns.netlink.qdiscs(of: "v0").contains { $0.kind == .clsact })
        let duplicate = #expect(throws: NetlinkError.self) { try ns.netlink.addQdisc(.clsact(interfaceIndex: v0)) }
        #expect(duplicate?.code == .exists)
    }
}
