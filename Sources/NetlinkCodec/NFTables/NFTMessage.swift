/// nf_tables speaks netlink protocol `NETLINK_NETFILTER` (12). Every message starts, after the
/// netlink header, with `struct nfgenmsg`; its type is the subsystem in the high byte and the
/// command in the low byte. Changes travel in batches the kernel applies as one transaction.

/// The command of an nf_tables message (`NFT_MSG_*`), the low byte of its type.
public struct NFTCommand: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `NFT_MSG_NEWTABLE`.
    public static let newTable = Self(rawValue: 0)
    /// `NFT_MSG_GETTABLE`.
    public static let getTable = Self(rawValue: 1)
    /// `NFT_MSG_DELTABLE`.
    public static let deleteTable = Self(rawValue: 2)
    /// `NFT_MSG_NEWCHAIN`.
    public static let newChain = Self(rawValue: 3)
    /// `NFT_MSG_GETCHAIN`.
    public static let getChain = Self(rawValue: 4)
    /// `NFT_MSG_DELCHAIN`.
    public static let deleteChain = Self(rawValue: 5)
    /// `NFT_MSG_NEWRULE`: in a request, add a rule; in a dump, one rule.
    public static let newRule = Self(rawValue: 6)
    /// `NFT_MSG_GETRULE`.
    public static let getRule = Self(rawValue: 7)
    /// `NFT_MSG_DELRULE`: delete a rule by handle, or without a handle every rule of a chain.
    public static let deleteRule = Self(rawValue: 8)

    /// The netlink message type: `NFNL_SUBSYS_NFTABLES << 8 | command`.
    public var messageType: NetlinkMessageType { NetlinkMessageType(UInt16(NFTGenericHeader.nftablesSubsystem) << 8 | UInt16(rawValue)) }

    /// The command of a message type, if the type belongs to nf_tables.
    public init?(_ type: NetlinkMessageType) {
        guard type.rawValue >> 8 == UInt16(NFTGenericHeader.nftablesSubsystem) else { return nil }
        rawValue = UInt8(truncatingIfNeeded: type.rawValue)
    }
}

extension NetlinkMessageType {
    /// `NFNL_MSG_BATCH_BEGIN`: opens a transaction.
    public static let batchBegin = Self(0x10)
    /// `NFNL_MSG_BATCH_END`: commits it.
    public static let batchEnd = Self(0x11)
}

/// The address family a table belongs to (`NFPROTO_*`): it decides which hooks the table's base
/// chains can attach to.
public struct NFTFamily: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `NFPROTO_UNSPEC`.
    public static let unspecified = Self(rawValue: 0)
    /// `NFPROTO_INET`: IPv4 and IPv6 together (`nft ... inet ...`).
    public static let inet = Self(rawValue: 1)
    /// `NFPROTO_IPV4` (`ip`).
    public static let ipv4 = Self(rawValue: 2)
    /// `NFPROTO_ARP`.
    public static let arp = Self(rawValue: 3)
    /// `NFPROTO_NETDEV`.
    public static let netdev = Self(rawValue: 5)
    /// `NFPROTO_BRIDGE`: frames crossing a Linux bridge.
    public static let bridge = Self(rawValue: 7)
    /// `NFPROTO_IPV6` (`ip6`).
    public static let ipv6 = Self(rawValue: 10)

    public var description: String {
        switch self {
        case .inet: "inet"
        case .ipv4: "ip"
        case .ipv6: "ip6"
        case .bridge: "bridge"
        case .arp: "arp"
        case .netdev: "netdev"
        default: "family \(rawValue)"
        }
    }
}

/// `struct nfgenmsg`: family, version (`NFNETLINK_V0`) and a resource ID in network order (the
/// subsystem in batch messages, the ruleset generation in the kernel's replies).
public struct NFTGenericHeader: Hashable, Sendable {
    /// `NFNL_SUBSYS_NFTABLES`.
    public static let nftablesSubsystem: UInt8 = 10
    /// The encoded size.
    public static let size = 4

    public var family: NFTFamily
    public var resourceID: UInt16

    /// Creates a header.
    public init(family: NFTFamily, resourceID: UInt16 = 0) {
        self.family = family
        self.resourceID = resourceID
    }

    /// Writes the four bytes.
    public func encode(into writer: inout AttributeWriter) {
        writer.write(family.rawValue)
        writer.write(UInt8(0))
        writer.write(bigEndian: resourceID)
    }

    /// Reads the header at the start of a payload and returns it with the attributes after it.
    public static func decode(
        _ payload: ArraySlice<UInt8>, _ what: String
    ) throws(NetlinkDecodingError) -> (NFTGenericHeader, NetlinkAttributeList) {
        guard payload.count >= size, let resourceID = payload.loadBigEndian(UInt16.self, at: 2) else {
            throw .truncated(what, need: size, have: payload.count)
        }
        let header = NFTGenericHeader(family: NFTFamily(rawValue: payload[payload.startIndex]), resourceID: resourceID)
        return (header, try NetlinkAttributeList(parsing: payload.dropFirst(size)))
    }
}

/// The body of a batch delimiter: `nfgenmsg` naming the nf_tables subsystem.
struct NFTBatchDelimiter: NetlinkMessageBody {
    func encode(into writer: inout AttributeWriter) {
        NFTGenericHeader(family: .unspecified, resourceID: UInt16(NFTGenericHeader.nftablesSubsystem)).encode(into: &writer)
    }

    init() {}
    init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {}
}
