public import NetAddress

/// A policy routing rule: the body of `RTM_NEWRULE`, `RTM_DELRULE` and `RTM_GETRULE`
/// (`struct fib_rule_hdr` and `FRA_*` attributes).
///
/// ```
///  0      1       2       3     4       5      6      7        8              12
///  +------+-------+-------+-----+-------+------+------+--------+--------------+-- attributes
///  | fam  | dst   | src   | tos | table | res1 | res2 | action | flags (u32)  |
///  |      | len   | len   |     |       |      |      |        |              |
///  +------+-------+-------+-----+-------+------+------+--------+--------------+--
/// ```
/// `ip rule add from 10.0.0.0/24 to 10.1.0.0/24 fwmark 0x10/0xff iif eth0 table 100 priority 1000`
///
/// A delete request matches on the fields it sets, so a rule rebuilt from the same values as the
/// one added removes exactly that rule.
public struct Rule: NetlinkMessageBody, Hashable {
    /// `FRA_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `FRA_DST`.
        public static let destination = Self(rawValue: 1)
        /// `FRA_SRC`.
        public static let source = Self(rawValue: 2)
        /// `FRA_IIFNAME`.
        public static let inputInterface = Self(rawValue: 3)
        /// `FRA_GOTO`.
        public static let goto = Self(rawValue: 4)
        /// `FRA_PRIORITY`.
        public static let priority = Self(rawValue: 6)
        /// `FRA_FWMARK`.
        public static let firewallMark = Self(rawValue: 10)
        /// `FRA_SUPPRESS_PREFIXLEN`.
        public static let suppressPrefixLength = Self(rawValue: 14)
        /// `FRA_TABLE`.
        public static let table = Self(rawValue: 15)
        /// `FRA_FWMASK`.
        public static let firewallMask = Self(rawValue: 16)
        /// `FRA_OIFNAME`.
        public static let outputInterface = Self(rawValue: 17)
        /// `FRA_L3MDEV`.
        public static let l3mdev = Self(rawValue: 19)
        /// `FRA_PROTOCOL`.
        public static let `protocol` = Self(rawValue: 21)
    }

    /// What a matching rule does (`FR_ACT_*`).
    public struct Action: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// `FR_ACT_UNSPEC`.
        public static let unspecified = Self(rawValue: 0)
        /// `FR_ACT_TO_TBL`: look the packet up in ``table``.
        public static let table = Self(rawValue: 1)
        /// `FR_ACT_GOTO`: jump to another rule.
        public static let goto = Self(rawValue: 2)
        /// `FR_ACT_NOP`.
        public static let nop = Self(rawValue: 3)
        /// `FR_ACT_BLACKHOLE`.
        public static let blackhole = Self(rawValue: 6)
        /// `FR_ACT_UNREACHABLE`.
        public static let unreachable = Self(rawValue: 7)
        /// `FR_ACT_PROHIBIT`.
        public static let prohibit = Self(rawValue: 8)
    }

    /// `fib_rule_hdr.family`.
    public var family: UInt8
    /// `dst_len`.
    public var destinationLength: UInt8
    /// `src_len`.
    public var sourceLength: UInt8
    /// `tos`.
    public var tos: UInt8
    /// The table (`table` byte, or `FRA_TABLE` beyond 255).
    public var table: UInt32
    /// The action.
    public var action: Action
    /// `FIB_RULE_*` flags (`FIB_RULE_INVERT` = 2 for `not`).
    public var flags: UInt32
    /// `FRA_SRC`.
    public var source: IPAddress?
    /// `FRA_DST`.
    public var destination: IPAddress?
    /// `FRA_FWMARK`.
    public var firewallMark: UInt32?
    /// `FRA_FWMASK`.
    public var firewallMask: UInt32?
    /// `FRA_IIFNAME`.
    public var inputInterface: String?
    /// `FRA_OIFNAME`.
    public var outputInterface: String?
    /// `FRA_PRIORITY`.
    public var priority: UInt32?
    /// `FRA_GOTO`.
    public var goto: UInt32?
    /// `FRA_SUPPRESS_PREFIXLEN`.
    public var suppressPrefixLength: Int32?
    /// `FRA_L3MDEV`: look up the table of the VRF the packet is in.
    public var l3mdev: Bool?
    /// `FRA_PROTOCOL`.
    public var ruleProtocol: UInt8?
    /// Every other attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// The `not` flag (`FIB_RULE_INVERT`).
    public static let invertFlag: UInt32 = 2

    /// Creates a rule of a family that looks packets up in `table`.
    public init(family: IPFamily, table: UInt32 = RouteTable.main, priority: UInt32? = nil, action: Action = .table) {
        self.init(rawFamily: family.addressFamily)
        self.table = table
        self.priority = priority
        self.action = action
    }

    /// Creates an empty message of a raw family (for dump requests).
    public init(rawFamily: UInt8) {
        family = rawFamily
        destinationLength = 0
        sourceLength = 0
        tos = 0
        table = 0
        action = .unspecified
        flags = 0
        otherAttributes = NetlinkAttributeList()
    }

    /// The source network the rule matches (`from`).
    public var sourcePrefix: IPPrefix? {
        get { source.flatMap { IPPrefix(address: $0, prefixLength: Int(sourceLength)) } }
        set {
            source = newValue?.network.address
            sourceLength = UInt8(newValue?.prefixLength ?? 0)
        }
    }

    /// The destination network the rule matches (`to`).
    public var destinationPrefix: IPPrefix? {
        get { destination.flatMap { IPPrefix(address: $0, prefixLength: Int(destinationLength)) } }
        set {
            destination = newValue?.network.address
            destinationLength = UInt8(newValue?.prefixLength ?? 0)
        }
    }

    /// The size of `struct fib_rule_hdr`.
    public static let headerSize = 12

    public func encode(into writer: inout AttributeWriter) {
        writer.write(family)
        writer.write(destinationLength)
        writer.write(sourceLength)
        writer.write(tos)
        writer.write(table < 256 ? UInt8(table) : 0)
        writer.writeZeros(2)
        writer.write(action.rawValue)
        writer.write(flags)
        // The order follows `ip rule add from .. to .. fwmark .. iif .. oif .. table .. priority ..`.
        if let source { writer.attribute(AttributeType.source, source) }
        if let destination { writer.attribute(AttributeType.destination, destination) }
        if let firewallMark { writer.attribute(AttributeType.firewallMark, firewallMark) }
        if let firewallMask { writer.attribute(AttributeType.firewallMask, firewallMask) }
        if let inputInterface { writer.attribute(AttributeType.inputInterface, inputInterface) }
        if let outputInterface { writer.attribute(AttributeType.outputInterface, outputInterface) }
        if table >= 256 { writer.attribute(AttributeType.table, table) }
        if let goto { writer.attribute(AttributeType.goto, goto) }
        if let suppressPrefixLength { writer.attribute(AttributeType.suppressPrefixLength, suppressPrefixLength) }
        if let l3mdev { writer.attribute(AttributeType.l3mdev, UInt8(l3mdev ? 1 : 0)) }
        if let ruleProtocol { writer.attribute(AttributeType.protocol, ruleProtocol) }
        if let priority { writer.attribute(AttributeType.priority, priority) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        guard payload.count >= Self.headerSize, let flags = payload.loadLittleEndian(UInt32.self, at: 8) else {
            throw .truncated("fib_rule_hdr", need: Self.headerSize, have: payload.count)
        }
        let start = payload.startIndex
        self.init(rawFamily: payload[start])
        destinationLength = payload[start + 1]
        sourceLength = payload[start + 2]
        tos = payload[start + 3]
        table = UInt32(payload[start + 4])
        action = Action(rawValue: payload[start + 7])
        self.flags = flags
        for attribute in try NetlinkAttributeList(parsing: payload.dropFirst(Self.headerSize)) {
            switch AttributeType(rawValue: attribute.type) {
            case .source: source = try attribute.ipAddress()
            case .destination: destination = try attribute.ipAddress()
            case .firewallMark: firewallMark = try attribute.uint32()
            case .firewallMask: firewallMask = try attribute.uint32()
            case .inputInterface: inputInterface = attribute.string()
            case .outputInterface: outputInterface = attribute.string()
            case .table: table = try attribute.uint32()
            case .goto: goto = try attribute.uint32()
            case .suppressPrefixLength: suppressPrefixLength = try attribute.int32()
            case .l3mdev: l3mdev = try attribute.uint8() != 0
            case .protocol: ruleProtocol = try attribute.uint8()
            case .priority: priority = try attribute.uint32()
            default: otherAttributes.append(attribute)
            }
        }
    }
}
