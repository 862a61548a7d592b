public import NetAddress
public import Netlink

/// Drops frames a container sends with a source MAC other than its own, in table `bridge nat`
/// with the reference plugins' layout (so either implementation's DEL removes the other's):
///
/// ```
/// table bridge nat {
///     chain PREROUTING {
///         type filter hook prerouting priority dstnat; policy accept;
///         iifname "vethXXXX" jump cni-br-iface-ID comment "macspoofchk-ID"
///     }
///     chain cni-br-iface-ID { jump cni-br-iface-ID-mac comment "macspoofchk-ID" }
///     chain cni-br-iface-ID-mac {
///         ether saddr MAC return comment "macspoofchk-ID"
///         drop comment "macspoofchk-ID"
///     }
/// }
/// ```
/// `ID` is `CONTAINERID-IFNAME`. Set-up and tear-down are one transaction each.
public struct MACSpoofCheck: Sendable {
    /// The table's name (family bridge).
    public static let table = "nat"
    /// The base chain on the bridge prerouting hook.
    public static let baseChain = "PREROUTING"
    /// The priority the reference uses (`dstnat` in the bridge family).
    static let priority: Int32 = -300

    let netlink: NFTablesNetlink
    /// `CONTAINERID-IFNAME`.
    public let id: String

    /// The check of attachment `id`, through `netlink` (the host's namespace).
    public init(netlink: NFTablesNetlink, containerID: String, interfaceName: String) {
        self.netlink = netlink
        id = "\(containerID)-\(interfaceName)"
    }

    /// The chain the base chain jumps to for this interface.
    public var interfaceChain: String { "cni-br-iface-\(id)" }
    /// The chain holding the MAC test.
    public var macChain: String { interfaceChain + "-mac" }
    /// The comment on every rule of this attachment.
    public var comment: String { "macspoofchk-\(id)" }

    /// Lets frames from `hostInterface` through only with source `mac`, replacing any earlier
    /// rules of this attachment.
    public func setUp(hostInterface: String, mac: MACAddress) throws(NetlinkError) {
        try retryingOnceIfGone { () throws(NetlinkError) in
            let batch = setUpBatch(hostInterface: hostInterface, mac: mac, replacing: try jumpRules())
            try netlink.apply(batch, operation: "set up MAC spoof check")
        }
    }

    /// The transaction of ``setUp(hostInterface:mac:)``; `stale` are handles of earlier jumps.
    func setUpBatch(hostInterface: String, mac: MACAddress, replacing stale: [UInt64]) -> NFTBatch {
        var batch = NFTBatch()
        batch.addTable(NFTTable(family: .bridge, name: Self.table))
        batch.addChain(NFTChain(
            family: .bridge, table: Self.table, name: Self.baseChain, type: "filter",
            hook: NFTChain.Hook(number: NFTChain.Hook.prerouting, priority: Self.priority), policy: .accept))
        batch.addChain(NFTChain(family: .bridge, table: Self.table, name: interfaceChain))
        batch.addChain(NFTChain(family: .bridge, table: Self.table, name: macChain))
        batch.flushChain(.bridge, table: Self.table, interfaceChain)
        batch.flushChain(.bridge, table: Self.table, macChain)
        for handle in stale { batch.deleteRule(.bridge, table: Self.table, chain: Self.baseChain, handle: handle) }
        for rule in rules(hostInterface: hostInterface, mac: mac) { batch.addRule(rule) }
        return batch
    }

    /// Removes the jump and both chains; what is already gone is skipped.
    public func tearDown() throws(NetlinkError) {
        try retryingOnceIfGone { () throws(NetlinkError) in
            var batch = NFTBatch()
            for handle in try jumpRules() { batch.deleteRule(.bridge, table: Self.table, chain: Self.baseChain, handle: handle) }
            // The interface chain first: its rule is what keeps the MAC chain in use.
            for chain in [interfaceChain, macChain] where try netlink.chain(.bridge, table: Self.table, name: chain) != nil {
                batch.deleteChain(.bridge, table: Self.table, chain)
            }
            try netlink.apply(batch, operation: "tear down MAC spoof check")
        }
    }

    /// The handles of this attachment's rules in the base chain.
    func jumpRules() throws(NetlinkError) -> [UInt64] {
        try netlink.rules(.bridge, table: Self.table, chain: Self.baseChain).filter { $0.comment == comment }.compactMap(\.handle)
    }

    /// The four rules, in the order they are added.
    func rules(hostInterface: String, mac: MACAddress) -> [NFTRule] {
        [
            NFTRule(family: .bridge, table: Self.table, chain: Self.baseChain,
                    expressions: RuleMatches.inputInterfaceName(hostInterface) + [.immediate(.jump(interfaceChain))], comment: comment),
            NFTRule(family: .bridge, table: Self.table, chain: interfaceChain, expressions: [.immediate(.jump(macChain))], comment: comment),
            NFTRule(family: .bridge, table: Self.table, chain: macChain,
                    expressions: RuleMatches.etherSource(mac) + [.immediate(.return)], comment: comment),
            NFTRule(family: .bridge, table: Self.table, chain: macChain, expressions: [.immediate(.drop)], comment: comment),
        ]
    }
}
