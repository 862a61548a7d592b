public import NetAddress

/// A neighbour (ARP or NDP) entry: the body of `RTM_NEWNEIGH`, `RTM_DELNEIGH` and `RTM_GETNEIGH`
/// (`struct ndmsg` and `NDA_*` attributes).
///
/// ```
///  0        1       2        4               8         10       11       12
///  +--------+-------+--------+---------------+---------+--------+--------+-- attributes
///  | family | pad   | pad    | ifindex (s32) | state   | flags  | type   |
///  +--------+-------+--------+---------------+---------+--------+--------+--
/// ```
/// `ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev eth0 nud permanent`
public struct Neighbor: NetlinkMessageBody, Hashable {
    /// `NDA_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `NDA_DST`: the neighbour's IP address.
        public static let destination = Self(rawValue: 1)
        /// `NDA_LLADDR`: its link-layer address.
        public static let linkLayerAddress = Self(rawValue: 2)
        /// `NDA_CACHEINFO`.
        public static let cacheInfo = Self(rawValue: 3)
        /// `NDA_PROBES`.
        public static let probes = Self(rawValue: 4)
        /// `NDA_VLAN` (bridge FDB).
        public static let vlan = Self(rawValue: 5)
        /// `NDA_MASTER`.
        public static let master = Self(rawValue: 9)
        /// `NDA_PROTOCOL`.
        public static let `protocol` = Self(rawValue: 12)
    }

    /// Neighbour cache states (`NUD_*`).
    public struct State: OptionSet, Hashable, Sendable {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `NUD_INCOMPLETE`.
        public static let incomplete = Self(rawValue: 0x01)
        /// `NUD_REACHABLE`.
        public static let reachable = Self(rawValue: 0x02)
        /// `NUD_STALE`.
        public static let stale = Self(rawValue: 0x04)
        /// `NUD_DELAY`.
        public static let delay = Self(rawValue: 0x08)
        /// `NUD_PROBE`.
        public static let probe = Self(rawValue: 0x10)
        /// `NUD_FAILED`.
        public static let failed = Self(rawValue: 0x20)
        /// `NUD_NOARP`.
        public static let noARP = Self(rawValue: 0x40)
        /// `NUD_PERMANENT`: a static entry.
        public static let permanent = Self(rawValue: 0x80)
    }

    /// Neighbour flags (`NTF_*`).
    public struct Flags: OptionSet, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// `NTF_USE`.
        public static let use = Self(rawValue: 0x01)
        /// `NTF_SELF`.
        public static let `self` = Self(rawValue: 0x02)
        /// `NTF_MASTER`.
        public static let master = Self(rawValue: 0x04)
        /// `NTF_PROXY`.
        public static let proxy = Self(rawValue: 0x08)
        /// `NTF_EXT_LEARNED`.
        public static let externallyLearned = Self(rawValue: 0x10)
        /// `NTF_ROUTER`.
        public static let router = Self(rawValue: 0x80)
    }

    /// `ndm_family`.
    public var family: UInt8
    /// `ndm_ifindex`.
    public var interfaceIndex: Int32
    /// `ndm_state`.
    public var state: State
    /// `ndm_flags`.
    public var flags: Flags
    /// `ndm_type`.
    public var type: UInt8
    /// `NDA_DST`.
    public var address: IPAddress?
    /// `NDA_LLADDR`, raw (see ``macAddress``).
    public var linkLayerAddress: [UInt8]?
    /// `NDA_VLAN`.
    public var vlan: UInt16?
    /// `NDA_MASTER`.
    public var masterIndex: Int32?
    /// `NDA_PROBES` (read only; kept in ``otherAttributes``).
    public var probes: UInt32? { try? otherAttributes.first(AttributeType.probes)?.uint32() }
    /// Every other attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates an entry mapping `address` to `macAddress` on an interface.
    public init(
        address: IPAddress?, macAddress: MACAddress? = nil, interfaceIndex: Int32, state: State = .permanent,
        flags: Flags = []
    ) {
        family = address?.family.addressFamily ?? AddressFamily.bridge
        self.interfaceIndex = interfaceIndex
        self.state = state
        self.flags = flags
        type = 0
        self.address = address
        linkLayerAddress = macAddress?.bytes
        otherAttributes = NetlinkAttributeList()
    }

    /// Creates an empty message of a raw family (for dump requests).
    public init(rawFamily: UInt8, interfaceIndex: Int32 = 0) {
        self.init(address: nil, interfaceIndex: interfaceIndex, state: [])
        family = rawFamily
    }

    /// The link-layer address as a MAC address.
    public var macAddress: MACAddress? { linkLayerAddress.flatMap { MACAddress(bytes: $0) } }

    /// The size of `struct ndmsg`.
    public static let headerSize = 12

    public func encode(into writer: inout AttributeWriter) {
        writer.write(family)
        writer.writeZeros(3)
        writer.write(interfaceIndex)
        writer.write(state.rawValue)
        writer.write(flags.rawValue)
        writer.write(type)
        if let address { writer.attribute(AttributeType.destination, address) }
        if let linkLayerAddress { writer.attribute(AttributeType.linkLayerAddress, linkLayerAddress) }
        if let vlan { writer.attribute(AttributeType.vlan, vlan) }
        if let masterIndex { writer.attribute(AttributeType.master, masterIndex) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        guard payload.count >= Self.headerSize, let index = payload.loadLittleEndian(Int32.self, at: 4),
              let state = payload.loadLittleEndian(UInt16.self, at: 8)
        else { throw .truncated("ndmsg", need: Self.headerSize, have: payload.count) }
        let start = payload.startIndex
        self.init(rawFamily: payload[start], interfaceIndex: index)
        self.state = State(rawValue: state)
        flags = Flags(rawValue: payload[start + 10])
        type = payload[start + 11]
        for attribute in try NetlinkAttributeList(parsing: payload.dropFirst(Self.headerSize)) {
            switch AttributeType(rawValue: attribute.type) {
            case .destination: address = try attribute.ipAddress()
            case .linkLayerAddress: linkLayerAddress = attribute.payload
            case .vlan: vlan = try attribute.uint16()
            case .master: masterIndex = try attribute.int32()
            default: otherAttributes.append(attribute)
            }
        }
    }
}
