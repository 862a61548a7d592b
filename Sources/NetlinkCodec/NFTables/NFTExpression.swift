/// One step of a rule. Expressions load data into registers (`meta`, `payload`), transform it
/// (`bitwise`), test it (`cmp`: a mismatch ends the rule) or act (`immediate` verdicts, `masq`,
/// `counter`). `nft --debug=netlink` prints rules in these terms.
public enum NFTExpression: Hashable, Sendable {
    /// `[ meta load KEY => reg R ]`.
    case meta(NFTMetaKey, into: NFTRegister)
    /// `[ payload load LENb @ BASE header + OFFSET => reg R ]`.
    case payload(NFTPayloadBase, offset: UInt32, length: UInt32, into: NFTRegister)
    /// `[ cmp OP reg R DATA ]`.
    case compare(NFTCompareOperator, NFTRegister, [UInt8])
    /// `[ bitwise reg D = ( reg S & MASK ) ^ XOR ]`.
    case bitwise(from: NFTRegister, into: NFTRegister, mask: [UInt8], xor: [UInt8])
    /// `[ immediate reg 0 VERDICT ]`.
    case immediate(NFTVerdict)
    /// `[ masq ]`: source NAT to the outgoing interface's address.
    case masquerade
    /// `[ counter pkts P bytes B ]`.
    case counter(packets: UInt64, bytes: UInt64)
    /// Any other expression, by name, with its attributes as they were.
    case other(name: String, data: NetlinkAttributeList)

    /// Expression attributes (`NFTA_EXPR_*`).
    struct Attribute: NetlinkAttributeType {
        var rawValue: UInt16
        static let name = Self(rawValue: 1)
        static let data = Self(rawValue: 2)
    }

    /// The attributes inside `NFTA_EXPR_DATA`, numbered per expression (`NFTA_META_*`, ...).
    struct Field: NetlinkAttributeType {
        var rawValue: UInt16
        init(rawValue: UInt16) { self.rawValue = rawValue }
        init(_ rawValue: UInt16) { self.rawValue = rawValue }
    }

    /// Data attributes (`NFTA_DATA_*`) and verdict attributes (`NFTA_VERDICT_*`).
    enum DataField {
        static let value = Field(1)
        static let verdict = Field(2)
        static let verdictCode = Field(1)
        static let verdictChain = Field(2)
    }

    /// The name the kernel knows the expression by.
    public var name: String {
        switch self {
        case .meta: "meta"
        case .payload: "payload"
        case .compare: "cmp"
        case .bitwise: "bitwise"
        case .immediate: "immediate"
        case .masquerade: "masq"
        case .counter: "counter"
        case .other(let name, _): name
        }
    }

    /// Writes `NFTA_EXPR_NAME` and `NFTA_EXPR_DATA`, fields in the order `nft` writes them.
    func encode(into writer: inout AttributeWriter) {
        writer.attribute(Attribute.name, name)
        writer.nested(Attribute.data, flags: NetlinkAttribute.nestedFlag) { data in
            switch self {
            case .meta(let key, let register):
                data.attribute(Field(2), BigEndian(key.rawValue))
                data.attribute(Field(1), BigEndian(register.rawValue))
            case .payload(let base, let offset, let length, let register):
                data.attribute(Field(1), BigEndian(register.rawValue))
                data.attribute(Field(2), BigEndian(base.rawValue))
                data.attribute(Field(3), BigEndian(offset))
                data.attribute(Field(4), BigEndian(length))
            case .compare(let operation, let register, let value):
                data.attribute(Field(1), BigEndian(register.rawValue))
                data.attribute(Field(2), BigEndian(operation.rawValue))
                Self.value(value, into: &data, as: Field(3))
            case .bitwise(let source, let destination, let mask, let xor):
                data.attribute(Field(1), BigEndian(source.rawValue))
                data.attribute(Field(2), BigEndian(destination.rawValue))
                data.attribute(Field(3), BigEndian(UInt32(mask.count)))
                Self.value(mask, into: &data, as: Field(4))
                Self.value(xor, into: &data, as: Field(5))
            case .immediate(let verdict):
                data.attribute(Field(1), BigEndian(NFTRegister.verdict.rawValue))
                data.nested(Field(2), flags: NetlinkAttribute.nestedFlag) { value in
                    value.nested(DataField.verdict, flags: NetlinkAttribute.nestedFlag) { nest in
                        nest.attribute(DataField.verdictCode, BigEndian(UInt32(bitPattern: verdict.code)))
                        if let chain = verdict.chain { nest.attribute(DataField.verdictChain, chain) }
                    }
                }
            case .masquerade:
                break
            case .counter(let packets, let bytes):
                data.attribute(Field(1), BigEndian(bytes))
                data.attribute(Field(2), BigEndian(packets))
            case .other(_, let attributes):
                for attribute in attributes { data.attribute(attribute) }
            }
        }
    }

    private static func value(_ bytes: [UInt8], into writer: inout AttributeWriter, as field: Field) {
        writer.nested(field, flags: NetlinkAttribute.nestedFlag) { $0.attribute(DataField.value, bytes) }
    }

    /// Decodes an expression from the attributes of its list element. A known expression with
    /// fields this library does not model stays ``other(name:data:)``, so nothing is lost.
    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        let name = attributes.first(Attribute.name)?.string() ?? ""
        let data = try attributes.first(Attribute.data)?.nested() ?? NetlinkAttributeList()
        self = try Self.known(name, data) ?? .other(name: name, data: data)
    }

    private static func known(_ name: String, _ data: NetlinkAttributeList) throws(NetlinkDecodingError) -> NFTExpression? {
        var fields: [UInt16: NetlinkAttribute] = [:]
        for attribute in data { fields[attribute.type] = attribute }
        func number(_ type: UInt16) throws(NetlinkDecodingError) -> UInt32? { try fields[type]?.bigEndianUInt32() }
        func bytes(_ type: UInt16) throws(NetlinkDecodingError) -> [UInt8]? {
            try fields[type]?.nested().first(DataField.value)?.payload
        }
        switch name {
        case "meta":
            guard fields.count == 2, let key = try number(2), let register = try number(1) else { return nil }
            return .meta(NFTMetaKey(rawValue: key), into: NFTRegister(rawValue: register))
        case "payload":
            guard fields.count == 4, let register = try number(1), let base = try number(2),
                  let offset = try number(3), let length = try number(4) else { return nil }
            return .payload(NFTPayloadBase(rawValue: base), offset: offset, length: length, into: NFTRegister(rawValue: register))
        case "cmp":
            guard fields.count == 3, let register = try number(1), let operation = try number(2),
                  let value = try bytes(3) else { return nil }
            return .compare(NFTCompareOperator(rawValue: operation), NFTRegister(rawValue: register), value)
        case "bitwise":
            // Kernels since 5.6 also report the operation (6); 0 is the mask-and-xor form.
            if let operation = try number(6), operation != 0 { return nil }
            guard let source = try number(1), let destination = try number(2), let mask = try bytes(4),
                  let xor = try bytes(5), fields.count == (fields[6] == nil ? 5 : 6) else { return nil }
            return .bitwise(from: NFTRegister(rawValue: source), into: NFTRegister(rawValue: destination), mask: mask, xor: xor)
        case "immediate":
            guard fields.count == 2, try number(1) == NFTRegister.verdict.rawValue,
                  let verdict = try fields[2]?.nested().first(DataField.verdict)?.nested(),
                  let code = try verdict.first(DataField.verdictCode)?.bigEndianUInt32() else { return nil }
            return .immediate(NFTVerdict(code: Int32(bitPattern: code), chain: verdict.first(DataField.verdictChain)?.string()))
        case "masq":
            return data.isEmpty ? .masquerade : nil
        case "counter":
            // The kernel may add NFTA_COUNTER_PAD (3) to align the 64-bit values.
            guard let bytes = try fields[1]?.bigEndianUInt64(), let packets = try fields[2]?.bigEndianUInt64() else { return nil }
            return .counter(packets: packets, bytes: bytes)
        default:
            return nil
        }
    }
}

/// A register (`NFT_REG_*`): 0 holds the verdict, 1 to 4 hold 16 bytes each.
public struct NFTRegister: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// `NFT_REG_VERDICT`.
    public static let verdict = Self(rawValue: 0)
    /// `NFT_REG_1`, where `nft` loads what a rule compares.
    public static let one = Self(rawValue: 1)
}

/// What a `meta` expression loads (`NFT_META_*`).
public struct NFTMetaKey: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// `NFT_META_PROTOCOL`: the EtherType.
    public static let protocolType = Self(rawValue: 1)
    /// `NFT_META_IIF`: the input interface index.
    public static let inputInterface = Self(rawValue: 4)
    /// `NFT_META_OIF`.
    public static let outputInterface = Self(rawValue: 5)
    /// `NFT_META_IIFNAME`: the input interface name, 16 bytes NUL-padded.
    public static let inputInterfaceName = Self(rawValue: 6)
    /// `NFT_META_OIFNAME`.
    public static let outputInterfaceName = Self(rawValue: 7)
    /// `NFT_META_NFPROTO`: the packet's family in an inet table (`NFPROTO_IPV4`, `_IPV6`).
    public static let netfilterProtocol = Self(rawValue: 15)
    /// `NFT_META_L4PROTO`.
    public static let layer4Protocol = Self(rawValue: 16)
}

/// The header a `payload` expression reads from (`NFT_PAYLOAD_*_HEADER`).
public struct NFTPayloadBase: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The Ethernet header.
    public static let link = Self(rawValue: 0)
    /// The IP header.
    public static let network = Self(rawValue: 1)
    /// The TCP/UDP/... header.
    public static let transport = Self(rawValue: 2)
}

/// A `cmp` expression's test (`NFT_CMP_*`).
public struct NFTCompareOperator: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let equal = Self(rawValue: 0)
    public static let notEqual = Self(rawValue: 1)
    public static let less = Self(rawValue: 2)
    public static let lessOrEqual = Self(rawValue: 3)
    public static let greater = Self(rawValue: 4)
    public static let greaterOrEqual = Self(rawValue: 5)
}
