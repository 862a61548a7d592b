/// Options of an 802.1Q / 802.1ad `vlan` link (`IFLA_VLAN_*`).
///
/// `ip link add link PARENT name NAME type vlan id ID [protocol 802.1ad]`
public struct VLANOptions: Hashable, Sendable {
    /// `IFLA_VLAN_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `IFLA_VLAN_ID` (u16).
        public static let id = Self(rawValue: 1)
        /// `IFLA_VLAN_FLAGS` (`struct ifla_vlan_flags { u32 flags; u32 mask; }`).
        public static let flags = Self(rawValue: 2)
        /// `IFLA_VLAN_EGRESS_QOS`.
        public static let egressQoS = Self(rawValue: 3)
        /// `IFLA_VLAN_INGRESS_QOS`.
        public static let ingressQoS = Self(rawValue: 4)
        /// `IFLA_VLAN_PROTOCOL` (network-order u16).
        public static let `protocol` = Self(rawValue: 5)
    }

    /// The tag protocol (`ETH_P_8021Q`, `ETH_P_8021AD`).
    public enum TagProtocol {
        /// 802.1Q, 0x8100.
        public static let ieee8021Q: UInt16 = 0x8100
        /// 802.1ad (QinQ), 0x88a8.
        public static let ieee8021AD: UInt16 = 0x88A8
    }

    /// `VLAN_FLAG_*` with the mask of flags being set.
    public struct Flags: Hashable, Sendable {
        /// The flag values (`REORDER_HDR` 1, `GVRP` 2, `LOOSE_BINDING` 4, `MVRP` 8, `BRIDGE_BINDING` 16).
        public var flags: UInt32
        /// Which flags `flags` sets.
        public var mask: UInt32
        /// Creates flags.
        public init(flags: UInt32, mask: UInt32) {
            self.flags = flags
            self.mask = mask
        }
    }

    /// The VLAN ID, 1 to 4094.
    public var id: UInt16
    /// The tag protocol; the kernel defaults to 802.1Q.
    public var tagProtocol: UInt16?
    /// Flags.
    public var flags: Flags?
    /// Every other attribute (QoS maps), kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates options.
    public init(id: UInt16, tagProtocol: UInt16? = nil, flags: Flags? = nil) {
        self.id = id
        self.tagProtocol = tagProtocol
        self.flags = flags
        otherAttributes = NetlinkAttributeList()
    }

    func encode(into writer: inout AttributeWriter) {
        writer.attribute(AttributeType.id, id)
        if let flags {
            var payload: [UInt8] = []
            payload.appendLittleEndian(flags.flags)
            payload.appendLittleEndian(flags.mask)
            writer.attribute(AttributeType.flags, payload)
        }
        if let tagProtocol { writer.attribute(AttributeType.protocol, BigEndian(tagProtocol)) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init(id: 0)
        for attribute in attributes {
            switch AttributeType(rawValue: attribute.type) {
            case .id: id = try attribute.uint16()
            case .protocol: tagProtocol = try attribute.bigEndianUInt16()
            case .flags:
                guard let value = attribute.payload.loadLittleEndian(UInt32.self),
                      let mask = attribute.payload.loadLittleEndian(UInt32.self, at: 4)
                else { throw .truncated("IFLA_VLAN_FLAGS", need: 8, have: attribute.payload.count) }
                flags = Flags(flags: value, mask: mask)
            default: otherAttributes.append(attribute)
            }
        }
    }
}
