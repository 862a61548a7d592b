public import NetAddress

/// An address on an interface: the body of `RTM_NEWADDR`, `RTM_DELADDR` and `RTM_GETADDR`
/// (`struct ifaddrmsg` and `IFA_*` attributes).
///
/// ```
///  0        1        2        3        4                 8
///  +--------+--------+--------+--------+-----------------+-- attributes
///  | family | prefix | flags  | scope  | index (u32)     |
///  +--------+--------+--------+--------+-----------------+--
/// ```
/// `IFA_LOCAL` is the interface's own address; `IFA_ADDRESS` is the same address, or the peer on a
/// point-to-point link. Requests send both, as `ip address add` does.
public struct InterfaceAddress: NetlinkMessageBody, Hashable {
    /// `IFA_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `IFA_ADDRESS`.
        public static let address = Self(rawValue: 1)
        /// `IFA_LOCAL`.
        public static let local = Self(rawValue: 2)
        /// `IFA_LABEL`.
        public static let label = Self(rawValue: 3)
        /// `IFA_BROADCAST`.
        public static let broadcast = Self(rawValue: 4)
        /// `IFA_CACHEINFO`.
        public static let cacheInfo = Self(rawValue: 6)
        /// `IFA_FLAGS` (u32; the header has room for 8 bits only).
        public static let flags = Self(rawValue: 8)
        /// `IFA_RT_PRIORITY`: the metric of the prefix route.
        public static let routePriority = Self(rawValue: 9)
        /// `IFA_PROTO`.
        public static let `protocol` = Self(rawValue: 11)
    }

    /// `IFA_F_*` flags.
    public struct Flags: OptionSet, Hashable, Sendable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// `IFA_F_SECONDARY`.
        public static let secondary = Self(rawValue: 0x01)
        /// `IFA_F_NODAD`: skip IPv6 duplicate address detection (`nodad`).
        public static let noDAD = Self(rawValue: 0x02)
        /// `IFA_F_OPTIMISTIC`.
        public static let optimistic = Self(rawValue: 0x04)
        /// `IFA_F_DADFAILED`.
        public static let dadFailed = Self(rawValue: 0x08)
        /// `IFA_F_HOMEADDRESS`.
        public static let homeAddress = Self(rawValue: 0x10)
        /// `IFA_F_DEPRECATED`.
        public static let deprecated = Self(rawValue: 0x20)
        /// `IFA_F_TENTATIVE`: duplicate address detection has not finished.
        public static let tentative = Self(rawValue: 0x40)
        /// `IFA_F_PERMANENT`.
        public static let permanent = Self(rawValue: 0x80)
        /// `IFA_F_MANAGETEMPADDR`.
        public static let manageTemporaryAddress = Self(rawValue: 0x100)
        /// `IFA_F_NOPREFIXROUTE`: do not add the prefix route (`noprefixroute`).
        public static let noPrefixRoute = Self(rawValue: 0x200)
        /// `IFA_F_MCAUTOJOIN`.
        public static let multicastAutoJoin = Self(rawValue: 0x400)
        /// `IFA_F_STABLE_PRIVACY`.
        public static let stablePrivacy = Self(rawValue: 0x800)
    }

    /// Lifetimes (`struct ifa_cacheinfo`), in seconds; `UInt32.max` is forever.
    public struct Lifetimes: Hashable, Sendable {
        /// `ifa_prefered`.
        public var preferred: UInt32
        /// `ifa_valid`.
        public var valid: UInt32
        /// Creation time (read only, hundredths of a second since boot).
        public var created: UInt32
        /// Last update (read only).
        public var updated: UInt32
        /// Creates lifetimes.
        public init(preferred: UInt32, valid: UInt32, created: UInt32 = 0, updated: UInt32 = 0) {
            self.preferred = preferred
            self.valid = valid
            self.created = created
            self.updated = updated
        }
    }

    /// `ifa_family`.
    public var family: UInt8
    /// `ifa_prefixlen`.
    public var prefixLength: UInt8
    /// The flags (`ifa_flags` and `IFA_FLAGS` together).
    public var flags: Flags
    /// `ifa_scope`.
    public var scope: RouteScope
    /// `ifa_index`: the interface.
    public var interfaceIndex: Int32
    /// `IFA_LOCAL`.
    public var local: IPAddress?
    /// `IFA_ADDRESS`.
    public var address: IPAddress?
    /// `IFA_LABEL` (IPv4 only).
    public var label: String?
    /// `IFA_BROADCAST` (IPv4 only).
    public var broadcast: IPAddress?
    /// `IFA_CACHEINFO`.
    public var lifetimes: Lifetimes?
    /// `IFA_RT_PRIORITY`.
    public var routePriority: UInt32?
    /// `IFA_PROTO`.
    public var addressProtocol: UInt8?
    /// Every other attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates a request for `prefix` on an interface, as `ip address add PREFIX dev DEV` does.
    public init(_ prefix: IPPrefix, interfaceIndex: Int32, flags: Flags = [], scope: RouteScope = .universe) {
        family = prefix.family.addressFamily
        prefixLength = UInt8(prefix.prefixLength)
        self.flags = flags
        self.scope = scope
        self.interfaceIndex = interfaceIndex
        local = prefix.address
        address = prefix.address
        otherAttributes = NetlinkAttributeList()
    }

    /// Creates an empty message of a family (for dump requests).
    public init(family: UInt8, interfaceIndex: Int32 = 0) {
        self.family = family
        prefixLength = 0
        flags = []
        scope = .universe
        self.interfaceIndex = interfaceIndex
        otherAttributes = NetlinkAttributeList()
    }

    /// The interface's address with its prefix length (`IFA_LOCAL`, else `IFA_ADDRESS`).
    public var prefix: IPPrefix? {
        guard let address = local ?? address else { return nil }
        return IPPrefix(address: address, prefixLength: Int(prefixLength))
    }

    /// The size of `struct ifaddrmsg`.
    public static let headerSize = 8

    public func encode(into writer: inout AttributeWriter) {
        // Flags beyond the first eight only fit in IFA_FLAGS; iproute2 then leaves the header's
        // byte zero, and so do we, so the bytes match.
        let headerFlags = flags.rawValue <= 0xFF ? UInt8(flags.rawValue) : 0
        writer.write(family)
        writer.write(prefixLength)
        writer.write(headerFlags)
        writer.write(scope.rawValue)
        writer.write(interfaceIndex)
        if let local { writer.attribute(AttributeType.local, local) }
        if let label { writer.attribute(AttributeType.label, label) }
        if flags.rawValue > 0xFF { writer.attribute(AttributeType.flags, flags.rawValue) }
        if let address { writer.attribute(AttributeType.address, address) }
        if let broadcast { writer.attribute(AttributeType.broadcast, broadcast) }
        if let lifetimes {
            var payload: [UInt8] = []
            for value in [lifetimes.preferred, lifetimes.valid, lifetimes.created, lifetimes.updated] {
                payload.appendLittleEndian(value)
            }
            writer.attribute(AttributeType.cacheInfo, payload)
        }
        if let routePriority { writer.attribute(AttributeType.routePriority, routePriority) }
        if let addressProtocol { writer.attribute(AttributeType.protocol, addressProtocol) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        guard payload.count >= Self.headerSize, let index = payload.loadLittleEndian(Int32.self, at: 4) else {
            throw .truncated("ifaddrmsg", need: Self.headerSize, have: payload.count)
        }
        let start = payload.startIndex
        self.init(family: payload[start], interfaceIndex: index)
        prefixLength = payload[start + 1]
        flags = Flags(rawValue: UInt32(payload[start + 2]))
        scope = RouteScope(rawValue: payload[start + 3])
        for attribute in try NetlinkAttributeList(parsing: payload.dropFirst(Self.headerSize)) {
            switch AttributeType(rawValue: attribute.type) {
            case .local: local = try attribute.ipAddress()
            case .address: address = try attribute.ipAddress()
            case .label: label = attribute.string()
            case .broadcast: broadcast = try attribute.ipAddress()
            case .flags: flags = Flags(rawValue: try attribute.uint32())
            case .routePriority: routePriority = try attribute.uint32()
            case .protocol: addressProtocol = try attribute.uint8()
            case .cacheInfo:
                let p = attribute.payload
                guard let preferred = p.loadLittleEndian(UInt32.self), let valid = p.loadLittleEndian(UInt32.self, at: 4),
                      let created = p.loadLittleEndian(UInt32.self, at: 8),
                      let updated = p.loadLittleEndian(UInt32.self, at: 12)
                else { throw .truncated("ifa_cacheinfo", need: 16, have: p.count) }
                lifetimes = Lifetimes(preferred: preferred, valid: valid, created: created, updated: updated)
            default: otherAttributes.append(attribute)
            }
        }
    }
}
