/// A table (`NFT_MSG_NEWTABLE` and friends): a named container of chains in one family.
public struct NFTTable: NetlinkMessageBody, Hashable {
    /// Table attributes (`NFTA_TABLE_*`).
    struct Attribute: NetlinkAttributeType {
        var rawValue: UInt16
        static let name = Self(rawValue: 1)
        static let flags = Self(rawValue: 2)
        static let handle = Self(rawValue: 4)
        static let userData = Self(rawValue: 6)
    }

    public var family: NFTFamily
    public var name: String
    /// `NFTA_TABLE_FLAGS` (`nft` sends 0 when it creates a table).
    public var flags: UInt32?
    /// The kernel's handle, in replies.
    public var handle: UInt64?
    /// `comment "..."`.
    public var comment: String?
    /// Attributes not modelled here, kept from a reply.
    public var otherAttributes = NetlinkAttributeList()

    /// Creates a table description.
    public init(family: NFTFamily, name: String, flags: UInt32? = 0, comment: String? = nil) {
        self.family = family
        self.name = name
        self.flags = flags
        self.comment = comment
    }

    public func encode(into writer: inout AttributeWriter) {
        NFTGenericHeader(family: family).encode(into: &writer)
        writer.attribute(Attribute.name, name)
        if let flags { writer.attribute(Attribute.flags, BigEndian(flags)) }
        if let handle { writer.attribute(Attribute.handle, BigEndian(handle)) }
        if let comment { writer.attribute(Attribute.userData, NFTUserData.encode(comment: comment)) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        let (header, attributes) = try NFTGenericHeader.decode(payload, "nft table")
        self.init(family: header.family, name: "", flags: nil)
        for attribute in attributes {
            switch attribute.type {
            case Attribute.name.rawValue: name = attribute.string()
            case Attribute.flags.rawValue: flags = try attribute.bigEndianUInt32()
            case Attribute.handle.rawValue: handle = try attribute.bigEndianUInt64()
            case Attribute.userData.rawValue: comment = NFTUserData.comment(in: attribute.payload)
            default: otherAttributes.append(attribute)
            }
        }
    }
}

extension NetlinkAttribute {
    /// The payload as a network-order 32-bit integer (nf_tables sends its integers so).
    public func bigEndianUInt32() throws(NetlinkDecodingError) -> UInt32 {
        guard payload.count == 4, let value = payload.loadBigEndian(UInt32.self) else {
            throw .truncated("attribute \(type)", need: 4, have: payload.count)
        }
        return value
    }

    /// The payload as a network-order 64-bit integer (nf_tables handles).
    public func bigEndianUInt64() throws(NetlinkDecodingError) -> UInt64 {
        guard payload.count == 8, let value = payload.loadBigEndian(UInt64.self) else {
            throw .truncated("attribute \(type)", need: 8, have: payload.count)
        }
        return value
    }
}
