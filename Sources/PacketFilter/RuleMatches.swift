public import NetAddress
public import NetlinkCodec

/// The expressions of common `nft` matches, generated as `nft` 1.0 generates them (so a rule
/// listed by `nft` reads as the match it was written from, and the golden tests can compare bytes).
public enum RuleMatches {
    /// `meta nfproto ipv4|ipv6`: what `nft` puts before an `ip`/`ip6` match in an inet table.
    public static func family(_ family: IPFamily) -> [NFTExpression] {
        [.meta(.netfilterProtocol, into: .one), .compare(.equal, .one, [family == .v4 ? NFTFamily.ipv4.rawValue : NFTFamily.ipv6.rawValue])]
    }

    /// `ip saddr ADDRESS` / `ip6 saddr ADDRESS`.
    public static func source(is address: IPAddress) -> [NFTExpression] {
        family(address.family) + [
            .payload(.network, offset: sourceOffset(address.family), length: UInt32(address.bytes.count), into: .one),
            .compare(.equal, .one, address.bytes),
        ]
    }

    /// `ip daddr [!=] PREFIX` / `ip6 daddr [!=] PREFIX` (without the family check). A prefix on
    /// a byte boundary loads only the bytes it covers; any other is masked.
    public static func destination(in prefix: IPPrefix, negated: Bool = false) -> [NFTExpression] {
        let operation: NFTCompareOperator = negated ? .notEqual : .equal
        let network = prefix.address.masked(toPrefixLength: prefix.prefixLength).bytes
        let offset = destinationOffset(prefix.family)
        if prefix.prefixLength % 8 == 0 {
            let length = prefix.prefixLength / 8
            return [
                .payload(.network, offset: offset, length: UInt32(length), into: .one),
                .compare(operation, .one, Array(network.prefix(length))),
            ]
        }
        let mask = prefix.netmask.bytes
        return [
            .payload(.network, offset: offset, length: UInt32(network.count), into: .one),
            .bitwise(from: .one, into: .one, mask: mask, xor: [UInt8](repeating: 0, count: mask.count)),
            .compare(operation, .one, network),
        ]
    }

    /// `iifname "NAME"`: the name NUL-padded to 16 bytes (`IFNAMSIZ`).
    public static func inputInterfaceName(_ name: String) -> [NFTExpression] {
        let bytes = Array(name.utf8.prefix(15))
        return [.meta(.inputInterfaceName, into: .one), .compare(.equal, .one, bytes + [UInt8](repeating: 0, count: 16 - bytes.count))]
    }

    /// `ether saddr MAC` (bridge family).
    public static func etherSource(_ mac: MACAddress) -> [NFTExpression] {
        [.payload(.link, offset: 6, length: 6, into: .one), .compare(.equal, .one, mac.bytes)]
    }

    /// Where the source address starts in the IPv4 or IPv6 header.
    private static func sourceOffset(_ family: IPFamily) -> UInt32 { family == .v4 ? 12 : 8 }
    /// Where the destination address starts.
    private static func destinationOffset(_ family: IPFamily) -> UInt32 { family == .v4 ? 16 : 24 }
}
