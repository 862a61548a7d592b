/// Options of a `bridge` link (`IFLA_BR_*`).
///
/// `ip link add NAME type bridge vlan_filtering 1 vlan_default_pvid 1`
public struct BridgeOptions: Hashable, Sendable {
    /// `IFLA_BR_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `IFLA_BR_FORWARD_DELAY` (centiseconds).
        public static let forwardDelay = Self(rawValue: 1)
        /// `IFLA_BR_AGEING_TIME` (centiseconds).
        public static let ageingTime = Self(rawValue: 4)
        /// `IFLA_BR_STP_STATE`.
        public static let stpState = Self(rawValue: 5)
        /// `IFLA_BR_PRIORITY`.
        public static let priority = Self(rawValue: 6)
        /// `IFLA_BR_VLAN_FILTERING` (u8).
        public static let vlanFiltering = Self(rawValue: 7)
        /// `IFLA_BR_VLAN_PROTOCOL` (network-order u16).
        public static let vlanProtocol = Self(rawValue: 8)
        /// `IFLA_BR_MCAST_SNOOPING` (u8).
        public static let multicastSnooping = Self(rawValue: 23)
        /// `IFLA_BR_VLAN_DEFAULT_PVID` (u16).
        public static let defaultPVID = Self(rawValue: 39)
    }

    /// Whether ports filter by VLAN (`vlan_filtering`).
    public var vlanFiltering: Bool?
    /// The VLAN protocol (0x8100 for 802.1Q, 0x88a8 for 802.1ad).
    public var vlanProtocol: UInt16?
    /// The PVID new ports get (`vlan_default_pvid`); 0 means none.
    public var defaultPVID: UInt16?
    /// Spanning tree on or off (`stp_state`).
    public var stpState: UInt32?
    /// `ageing_time` in centiseconds.
    public var ageingTime: UInt32?
    /// `forward_delay` in centiseconds.
    public var forwardDelay: UInt32?
    /// `priority`.
    public var priority: UInt16?
    /// `mcast_snooping`.
    public var multicastSnooping: Bool?
    /// Every other `IFLA_BR_*` attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates bridge options; nil fields keep the kernel's defaults.
    public init(vlanFiltering: Bool? = nil, defaultPVID: UInt16? = nil) {
        self.vlanFiltering = vlanFiltering
        self.defaultPVID = defaultPVID
        otherAttributes = NetlinkAttributeList()
    }

    var hasData: Bool {
        vlanFiltering != nil || vlanProtocol != nil || defaultPVID != nil || stpState != nil || ageingTime != nil
            || forwardDelay != nil || priority != nil || multicastSnooping != nil || !otherAttributes.isEmpty
    }

    func encode(into writer: inout AttributeWriter) {
        if let forwardDelay { writer.attribute(AttributeType.forwardDelay, forwardDelay) }
        if let ageingTime { writer.attribute(AttributeType.ageingTime, ageingTime) }
        if let stpState { writer.attribute(AttributeType.stpState, stpState) }
        if let priority { writer.attribute(AttributeType.priority, priority) }
        if let vlanFiltering { writer.attribute(AttributeType.vlanFiltering, UInt8(vlanFiltering ? 1 : 0)) }
        if let vlanProtocol { writer.attribute(AttributeType.vlanProtocol, BigEndian(vlanProtocol)) }
        if let multicastSnooping { writer.attribute(AttributeType.multicastSnooping, UInt8(multicastSnooping ? 1 : 0)) }
        if let defaultPVID { writer.attribute(AttributeType.defaultPVID, defaultPVID) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init()
        for attribute in attributes {
            switch AttributeType(rawValue: attribute.type) {
            case .forwardDelay: forwardDelay = try attribute.uint32()
            case .ageingTime: ageingTime = try attribute.uint32()
            case .stpState: stpState = try attribute.uint32()
            case .priority: priority = try attribute.uint16()
            case .vlanFiltering: vlanFiltering = try attribute.uint8() != 0
            case .vlanProtocol: vlanProtocol = try attribute.bigEndianUInt16()
            case .multicastSnooping: multicastSnooping = try attribute.uint8() != 0
            case .defaultPVID: defaultPVID = try attribute.uint16()
            default: otherAttributes.append(attribute)
            }
        }
    }
}
