/// What the kernel reports about a `tun` link (`IFLA_TUN_*`).
///
/// Tun and tap devices are created with the `TUNSETIFF` ioctl on `/dev/net/tun`, not with netlink
/// (the system layer does that); dumps describe them with these attributes.
public struct TunOptions: Hashable, Sendable {
    /// `IFLA_TUN_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `IFLA_TUN_OWNER` (u32 uid).
        public static let owner = Self(rawValue: 1)
        /// `IFLA_TUN_GROUP` (u32 gid).
        public static let group = Self(rawValue: 2)
        /// `IFLA_TUN_TYPE` (u8: 1 tun, 2 tap).
        public static let type = Self(rawValue: 3)
        /// `IFLA_TUN_PI` (u8).
        public static let packetInformation = Self(rawValue: 4)
        /// `IFLA_TUN_VNET_HDR` (u8).
        public static let virtioNetHeader = Self(rawValue: 5)
        /// `IFLA_TUN_PERSIST` (u8).
        public static let persist = Self(rawValue: 6)
        /// `IFLA_TUN_MULTI_QUEUE` (u8).
        public static let multiQueue = Self(rawValue: 7)
        /// `IFLA_TUN_NUM_QUEUES` (u32).
        public static let queueCount = Self(rawValue: 8)
    }

    /// Tun (layer 3) or tap (layer 2).
    public enum Mode: UInt8, Hashable, Sendable {
        /// A layer 3 device: IP packets.
        case tun = 1
        /// A layer 2 device: Ethernet frames.
        case tap = 2
    }

    /// Tun or tap.
    public var mode: Mode?
    /// The owning user ID, if restricted.
    public var owner: UInt32?
    /// The owning group ID, if restricted.
    public var group: UInt32?
    /// Whether packets carry the 4-byte packet information header.
    public var packetInformation: Bool?
    /// Whether packets carry a virtio-net header.
    public var virtioNetHeader: Bool?
    /// Whether the device outlives the descriptor that created it.
    public var persist: Bool?
    /// Whether the device has several queues.
    public var multiQueue: Bool?
    /// The number of attached queues.
    public var queueCount: UInt32?
    /// Every other attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates options.
    public init(mode: Mode? = nil) {
        self.mode = mode
        otherAttributes = NetlinkAttributeList()
    }

    var hasData: Bool {
        mode != nil || owner != nil || group != nil || packetInformation != nil || virtioNetHeader != nil
            || persist != nil || multiQueue != nil || queueCount != nil || !otherAttributes.isEmpty
    }

    func encode(into writer: inout AttributeWriter) {
        func flag(_ type: AttributeType, _ value: Bool?) {
            if let value { writer.attribute(type, UInt8(value ? 1 : 0)) }
        }
        if let owner { writer.attribute(AttributeType.owner, owner) }
        if let group { writer.attribute(AttributeType.group, group) }
        if let mode { writer.attribute(AttributeType.type, mode.rawValue) }
        flag(.packetInformation, packetInformation)
        flag(.virtioNetHeader, virtioNetHeader)
        flag(.persist, persist)
        flag(.multiQueue, multiQueue)
        if let queueCount { writer.attribute(AttributeType.queueCount, queueCount) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init()
        for attribute in attributes {
            switch AttributeType(rawValue: attribute.type) {
            case .owner: owner = try attribute.uint32()
            case .group: group = try attribute.uint32()
            case .type: mode = Mode(rawValue: try attribute.uint8())
            case .packetInformation: packetInformation = try attribute.uint8() != 0
            case .virtioNetHeader: virtioNetHeader = try attribute.uint8() != 0
            case .persist: persist = try attribute.uint8() != 0
            case .multiQueue: multiQueue = try attribute.uint8() != 0
            case .queueCount: queueCount = try attribute.uint32()
            default: otherAttributes.append(attribute)
            }
        }
    }
}
