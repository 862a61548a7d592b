/// A rule (`NFT_MSG_NEWRULE`): a list of expressions run in order in one chain, identified by
/// the handle the kernel gives it, with a comment in its user data.
///
/// A rule with neither handle nor expressions is what `flush chain` and a filtered dump send.
public struct NFTRule: NetlinkMessageBody, Hashable {
    /// Rule attributes (`NFTA_RULE_*`).
    struct Attribute: NetlinkAttributeType {
        var rawValue: UInt16
        static let table = Self(rawValue: 1)
        static let chain = Self(rawValue: 2)
        static let handle = Self(rawValue: 3)
        static let expressions = Self(rawValue: 4)
        static let userData = Self(rawValue: 7)
    }

    /// `NFTA_LIST_ELEM`: one expression in the list.
    struct ListElement: NetlinkAttributeType {
        var rawValue: UInt16
        static let element = Self(rawValue: 1)
    }

    public var family: NFTFamily
    public var table: String
    public var chain: String
    /// The kernel's handle (in dumps; in a request, the rule to delete).
    public var handle: UInt64?
    public var expressions: [NFTExpression]
    /// `comment "..."`.
    public var comment: String?
    /// Attributes not modelled here, kept from a reply.
    public var otherAttributes = NetlinkAttributeList()

    /// Creates a rule.
    public init(family: NFTFamily, table: String, chain: String, expressions: [NFTExpression] = [], comment: String? = nil) {
        self.family = family
        self.table = table
        self.chain = chain
        self.expressions = expressions
        self.comment = comment
    }

    public func encode(into writer: inout AttributeWriter) {
        NFTGenericHeader(family: family).encode(into: &writer)
        writer.attribute(Attribute.table, table)
        writer.attribute(Attribute.chain, chain)
        if let handle { writer.attribute(Attribute.handle, BigEndian(handle)) }
        if !expressions.isEmpty {
            writer.nested(Attribute.expressions, flags: NetlinkAttribute.nestedFlag) { list in
                for expression in expressions {
                    list.nested(ListElement.element, flags: NetlinkAttribute.nestedFlag) { expression.encode(into: &$0) }
                }
            }
        }
        if let comment { writer.attribute(Attribute.userData, NFTUserData.encode(comment: comment)) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        let (header, attributes) = try NFTGenericHeader.decode(payload, "nft rule")
        self.init(family: header.family, table: "", chain: "")
        for attribute in attributes {
            switch attribute.type {
            case Attribute.table.rawValue: table = attribute.string()
            case Attribute.chain.rawValue: chain = attribute.string()
            case Attribute.handle.rawValue: handle = try attribute.bigEndianUInt64()
            case Attribute.userData.rawValue: comment = NFTUserData.comment(in: attribute.payload)
            case Attribute.expressions.rawValue:
                for element in try attribute.nested() where element.type == ListElement.element.rawValue {
                    expressions.append(try NFTExpression(decoding: try element.nested()))
                }
            default: otherAttributes.append(attribute)
            }
        }
    }
}
