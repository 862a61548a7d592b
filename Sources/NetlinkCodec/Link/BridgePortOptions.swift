/// Options of a bridge port (`IFLA_BRPORT_*`): read from `IFLA_INFO_SLAVE_DATA` or the
/// `IFLA_PROTINFO` of an `AF_BRIDGE` message, and set through the latter.
///
/// `bridge link set dev PORT hairpin on isolated on learning off`
public struct BridgePortOptions: Hashable, Sendable {
    /// `IFLA_BRPORT_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `IFLA_BRPORT_STATE` (u8, spanning tree state).
        public static let state = Self(rawValue: 1)
        /// `IFLA_BRPORT_PRIORITY` (u16).
        public static let priority = Self(rawValue: 2)
        /// `IFLA_BRPORT_COST` (u32).
        public static let cost = Self(rawValue: 3)
        /// `IFLA_BRPORT_MODE` (u8): hairpin mode.
        public static let hairpin = Self(rawValue: 4)
        /// `IFLA_BRPORT_GUARD` (u8): BPDU guard.
        public static let bpduGuard = Self(rawValue: 5)
        /// `IFLA_BRPORT_PROTECT` (u8): root block.
        public static let rootBlock = Self(rawValue: 6)
        /// `IFLA_BRPORT_FAST_LEAVE` (u8).
        public static let fastLeave = Self(rawValue: 7)
        /// `IFLA_BRPORT_LEARNING` (u8).
        public static let learning = Self(rawValue: 8)
        /// `IFLA_BRPORT_UNICAST_FLOOD` (u8).
        public static let unicastFlood = Self(rawValue: 9)
        /// `IFLA_BRPORT_NEIGH_SUPPRESS` (u8).
        public static let neighborSuppression = Self(rawValue: 32)
        /// `IFLA_BRPORT_ISOLATED` (u8).
        public static let isolated = Self(rawValue: 33)
    }

    /// Spanning tree port state (0 disabled ... 3 forwarding, 4 blocking).
    public var state: UInt8?
    /// Port priority.
    public var priority: UInt16?
    /// Path cost.
    public var cost: UInt32?
    /// Hairpin mode: frames may be sent back out of the port they came in on.
    public var hairpin: Bool?
    /// BPDU guard.
    public var bpduGuard: Bool?
    /// Root block.
    public var rootBlock: Bool?
    /// Multicast fast leave.
    public var fastLeave: Bool?
    /// MAC address learning.
    public var learning: Bool?
    /// Flooding of unknown unicast.
    public var unicastFlood: Bool?
    /// ARP/ND suppression.
    public var neighborSuppression: Bool?
    /// Isolation: isolated ports cannot talk to each other, only to non-isolated ones.
    public var isolated: Bool?
    /// Every other attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates options; nil fields are left unchanged.
    public init(hairpin: Bool? = nil, isolated: Bool? = nil, learning: Bool? = nil) {
        self.hairpin = hairpin
        self.isolated = isolated
        self.learning = learning
        otherAttributes = NetlinkAttributeList()
    }

    /// Writes the `IFLA_BRPORT_*` attributes, in number order as `bridge link set` does.
    public func encode(into writer: inout AttributeWriter) {
        func flag(_ type: AttributeType, _ value: Bool?) {
            if let value { writer.attribute(type, UInt8(value ? 1 : 0)) }
        }
        if let state { writer.attribute(AttributeType.state, state) }
        if let priority { writer.attribute(AttributeType.priority, priority) }
        if let cost { writer.attribute(AttributeType.cost, cost) }
        flag(.hairpin, hairpin)
        flag(.bpduGuard, bpduGuard)
        flag(.rootBlock, rootBlock)
        flag(.fastLeave, fastLeave)
        flag(.learning, learning)
        flag(.unicastFlood, unicastFlood)
        flag(.neighborSuppression, neighborSuppression)
        flag(.isolated, isolated)
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    /// Decodes `IFLA_BRPORT_*` attributes.
    public init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init()
        for attribute in attributes {
            switch AttributeType(rawValue: attribute.type) {
            case .state: state = try attribute.uint8()
            case .priority: priority = try attribute.uint16()
            case .cost: cost = try attribute.uint32()
            case .hairpin: hairpin = try attribute.uint8() != 0
            case .bpduGuard: bpduGuard = try attribute.uint8() != 0
            case .rootBlock: rootBlock = try attribute.uint8() != 0
            case .fastLeave: fastLeave = try attribute.uint8() != 0
            case .learning: learning = try attribute.uint8() != 0
            case .unicastFlood: unicastFlood = try attribute.uint8() != 0
            case .neighborSuppression: neighborSuppression = try attribute.uint8() != 0
            case .isolated: isolated = try attribute.uint8() != 0
            default: otherAttributes.append(attribute)
            }
        }
    }
}
