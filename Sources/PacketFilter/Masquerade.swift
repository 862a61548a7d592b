public import NetAddress
public import Netlink

/// Source NAT for containers, in table `inet cni_plugins_masquerade` (the table the reference
/// plugins' nftables backend uses, with the same layout):
///
/// ```
/// table inet cni_plugins_masquerade {
///     chain masq_checks {                       # one rule per container address
///         ip saddr 10.250.100.2 ip daddr != 10.250.100.0/24 masquerade comment "HASH-HASH, net: ..."
///     }
///     chain postrouting {
///         type nat hook postrouting priority srcnat;
///         ip daddr 224.0.0.0/4 return            # multicast stays as it is
///         ip6 daddr ff00::/8 return
///         goto masq_checks
///     }
/// }
/// ```
/// Each change is one nf_tables transaction, so a container's rules appear or go all at once.
public struct Masquerade: Sendable {
    /// The table's name.
    public static let table = "cni_plugins_masquerade"
    /// The chain holding one rule per container address.
    public static let checksChain = "masq_checks"
    /// The base chain on the postrouting hook.
    public static let postroutingChain = "postrouting"
    /// `srcnat`.
    static let priority: Int32 = 100
    static let tableComment = "Masquerading for CNI plugins (swift-cni and the reference plugins)"
    static let checksComment = "Masquerade what containers send outside their subnet, multicast excepted"

    let netlink: NFTablesNetlink

    /// Works through `netlink` (the host's namespace).
    public init(netlink: NFTablesNetlink) { self.netlink = netlink }

    /// Masquerades what `addresses` (each with its subnet's prefix length) send outside their
    /// subnet, replacing any rules `attachment` had. A /0 subnet has no outside: no rule.
    /// Equivalent to the reference's `ipMasq` with the nftables backend.
    public func setUp(_ addresses: [IPPrefix], for attachment: MasqueradeIdentity) throws(NetlinkError) {
        try retryingOnceIfGone { () throws(NetlinkError) in
            let stale = try rules(of: attachment.prefix).compactMap(\.handle)
            let batch = Self.setUpBatch(addresses, comment: attachment.comment, replacing: stale)
            try netlink.apply(batch, operation: "set up masquerading")
        }
    }

    /// The transaction of ``setUp(_:for:)``: table and chains (kept if present), the base chain's
    /// rules rewritten, the attachment's old rules (`stale` handles) replaced by new ones.
    static func setUpBatch(_ addresses: [IPPrefix], comment: String, replacing stale: [UInt64]) -> NFTBatch {
        var batch = NFTBatch()
        batch.addTable(NFTTable(family: .inet, name: table, comment: tableComment))
        batch.addChain(NFTChain(family: .inet, table: table, name: checksChain, comment: checksComment))
        batch.addChain(NFTChain(
            family: .inet, table: table, name: postroutingChain, type: "nat",
            hook: NFTChain.Hook(number: NFTChain.Hook.postrouting, priority: priority)))
        // The base chain is rewritten every time, so a change of its rules reaches old tables.
        batch.flushChain(.inet, table: table, postroutingChain)
        for rule in postroutingRules { batch.addRule(rule) }
        for handle in stale { batch.deleteRule(.inet, table: table, chain: checksChain, handle: handle) }
        for address in addresses where address.prefixLength > 0 {
            batch.addRule(rule(for: address, comment: comment))
        }
        return batch
    }

    /// Removes the rules of `attachment`; nothing to remove is success.
    public func tearDown(_ attachment: MasqueradeIdentity) throws(NetlinkError) {
        try retryingOnceIfGone { () throws(NetlinkError) in
            try delete(try rules(of: attachment.prefix), operation: "tear down masquerading")
        }
    }

    /// Removes the rules of `network`'s attachments that are not in `valid` (CNI GC).
    public func collectGarbage(network: String, keeping valid: [MasqueradeIdentity]) throws(NetlinkError) {
        let keep = Set(valid.map(\.comment))
        try retryingOnceIfGone { () throws(NetlinkError) in
            let stale = try rules(of: MasqueradeIdentity.networkPrefix(network)).filter { !keep.contains($0.comment ?? "") }
            try delete(stale, operation: "collect masquerading garbage")
        }
    }

    /// The rules in `masq_checks` whose comment starts with `prefix`.
    public func rules(of prefix: String) throws(NetlinkError) -> [NFTRule] {
        try netlink.rules(.inet, table: Self.table, chain: Self.checksChain).filter { $0.comment?.hasPrefix(prefix) ?? false }
    }

    private func delete(_ rules: [NFTRule], operation: String) throws(NetlinkError) {
        var batch = NFTBatch()
        for rule in rules {
            if let handle = rule.handle { batch.deleteRule(.inet, table: Self.table, chain: Self.checksChain, handle: handle) }
        }
        try netlink.apply(batch, operation: operation)
    }

    /// `ip saddr ADDRESS ip daddr != SUBNET masquerade comment "..."`.
    static func rule(for address: IPPrefix, comment: String) -> NFTRule {
        NFTRule(
            family: .inet, table: table, chain: checksChain,
            expressions: RuleMatches.source(is: address.address)
                + RuleMatches.destination(in: address, negated: true) + [.masquerade],
            comment: comment)
    }

    /// Multicast returns (is not masqueraded); everything else goes to the per-address checks.
    static var postroutingRules: [NFTRule] {
        let multicast: [IPPrefix] = [IPPrefix("224.0.0.0/4"), IPPrefix("ff00::/8")].compactMap { $0 }
        return multicast.map { prefix in
            NFTRule(family: .inet, table: table, chain: postroutingChain,
                    expressions: RuleMatches.family(prefix.family) + RuleMatches.destination(in: prefix) + [.immediate(.return)])
        } + [NFTRule(family: .inet, table: table, chain: postroutingChain, expressions: [.immediate(.goto(checksChain))])]
    }
}
