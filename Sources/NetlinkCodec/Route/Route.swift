public import NetAddress

/// A route: the body of `RTM_NEWROUTE`, `RTM_DELROUTE` and `RTM_GETROUTE` (`struct rtmsg` and
/// `RTA_*` attributes).
///
/// ```
///  0      1       2       3     4       5       6       7       8              12
///  +------+-------+-------+-----+-------+-------+-------+-------+--------------+-- attributes
///  | fam  | dst   | src   | tos | table | proto | scope | type  | flags (u32)  |
///  |      | len   | len   |     |       |       |       |       |              |
///  +------+-------+-------+-----+-------+-------+-------+-------+--------------+--
/// ```
/// Tables above 255 do not fit `rtm_table`; they travel in `RTA_TABLE` with `rtm_table` 0, as
/// iproute2 sends them. ``table`` hides the difference.
public struct Route: NetlinkMessageBody, Hashable {
    /// `RTA_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `RTA_DST`.
        public static let destination = Self(rawValue: 1)
        /// `RTA_SRC`.
        public static let source = Self(rawValue: 2)
        /// `RTA_IIF`.
        public static let inputInterface = Self(rawValue: 3)
        /// `RTA_OIF`.
        public static let outputInterface = Self(rawValue: 4)
        /// `RTA_GATEWAY`.
        public static let gateway = Self(rawValue: 5)
        /// `RTA_PRIORITY`: the metric.
        public static let priority = Self(rawValue: 6)
        /// `RTA_PREFSRC`: the source address to prefer.
        public static let preferredSource = Self(rawValue: 7)
        /// `RTA_METRICS`: nested `RTAX_*`.
        public static let metrics = Self(rawValue: 8)
        /// `RTA_MULTIPATH`.
        public static let multipath = Self(rawValue: 9)
        /// `RTA_TABLE` (u32).
        public static let table = Self(rawValue: 15)
        /// `RTA_MARK`.
        public static let mark = Self(rawValue: 16)
        /// `RTA_PREF` (IPv6 router preference).
        public static let preference = Self(rawValue: 20)
    }

    /// `RTAX_MTU` inside `RTA_METRICS`.
    public static let metricMTU: UInt16 = 2

    /// `rtm_family`.
    public var family: UInt8
    /// `rtm_dst_len`.
    public var destinationLength: UInt8
    /// `rtm_src_len`.
    public var sourceLength: UInt8
    /// `rtm_tos`.
    public var tos: UInt8
    /// The routing table (`rtm_table` or `RTA_TABLE`).
    public var table: UInt32
    /// `rtm_protocol`.
    public var routeProtocol: RouteProtocol
    /// `rtm_scope`.
    public var scope: RouteScope
    /// `rtm_type`.
    public var type: RouteType
    /// `rtm_flags` (`onLink`).
    public var flags: RouteFlags

    /// `RTA_DST`: the destination network's address (`nil` for a default route).
    public var destination: IPAddress?
    /// `RTA_SRC`: the source network (policy routing on IPv6).
    public var source: IPAddress?
    /// `RTA_IIF`.
    public var inputInterface: Int32?
    /// `RTA_OIF`.
    public var outputInterface: Int32?
    /// `RTA_GATEWAY`.
    public var gateway: IPAddress?
    /// `RTA_PRIORITY`: the metric.
    public var priority: UInt32?
    /// `RTA_PREFSRC`.
    public var preferredSource: IPAddress?
    /// `RTA_METRICS` (`RTAX_*` children; see ``mtu``).
    public var metrics: NetlinkAttributeList?
    /// `RTA_MULTIPATH`.
    public var nextHops: [NextHop]?
    /// `RTA_MARK`.
    public var mark: UInt32?
    /// `RTA_PREF`.
    public var preference: UInt8?
    /// Every other attribute (cache info, expiry, encapsulation...), kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates a route.
    ///
    /// Without a `scope`, a route through a gateway (or several) gets `universe` and a route
    /// straight out of an interface gets `link`, which is what `ip route add` picks.
    public init(
        destination: IPPrefix?, gateway: IPAddress? = nil, outputInterface: Int32? = nil,
        family: IPFamily? = nil, table: UInt32 = RouteTable.main, priority: UInt32? = nil,
        preferredSource: IPAddress? = nil, scope: RouteScope? = nil, type: RouteType = .unicast,
        routeProtocol: RouteProtocol = .boot, flags: RouteFlags = [], nextHops: [NextHop]? = nil
    ) {
        let resolvedFamily = family ?? destination?.family ?? gateway?.family ?? nextHops?.first?.gateway?.family ?? .v4
        self.family = resolvedFamily.addressFamily
        destinationLength = UInt8(destination?.prefixLength ?? 0)
        sourceLength = 0
        tos = 0
        self.table = table
        self.routeProtocol = routeProtocol
        self.scope = scope ?? (gateway == nil && nextHops == nil && type == .unicast ? .link : .universe)
        self.type = type
        self.flags = flags
        self.destination = destination.map { $0.address.masked(toPrefixLength: $0.prefixLength) }
        self.gateway = gateway
        self.outputInterface = outputInterface
        self.priority = priority
        self.preferredSource = preferredSource
        self.nextHops = nextHops
        otherAttributes = NetlinkAttributeList()
    }

    /// Creates an empty message of a family (for dump requests).
    public init(family: UInt8) {
        self.init(destination: nil)
        self.family = family
        table = RouteTable.unspecified
        routeProtocol = .unspecified
        scope = .universe
        type = .unspecified
    }

    /// The destination network (`0.0.0.0/0` or `::/0` for a default route).
    public var destinationPrefix: IPPrefix? {
        guard let family = IPFamily(addressFamily: family) else { return nil }
        let address = destination ?? (family == .v4 ? .v4(.any) : .v6(.any))
        return IPPrefix(address: address, prefixLength: Int(destinationLength))
    }

    /// Whether this is a default route (no destination, length 0).
    public var isDefault: Bool { destinationLength == 0 }

    /// The path MTU metric (`RTAX_MTU`), if set.
    public var mtu: UInt32? {
        get { try? metrics?.first(rawType: Self.metricMTU)?.uint32() }
        set {
            var list = NetlinkAttributeList((metrics ?? NetlinkAttributeList()).filter { $0.type != Self.metricMTU })
            if let newValue {
                var payload: [UInt8] = []
                payload.appendLittleEndian(newValue)
                list.append(NetlinkAttribute(type: Self.metricMTU, payload: payload))
            }
            metrics = list.isEmpty ? nil : list
        }
    }

    /// The size of `struct rtmsg`.
    public static let headerSize = 12

    public func encode(into writer: inout AttributeWriter) {
        writer.write(family)
        writer.write(destinationLength)
        writer.write(sourceLength)
        writer.write(tos)
        writer.write(table < 256 ? UInt8(table) : 0)
        writer.write(routeProtocol.rawValue)
        writer.write(scope.rawValue)
        writer.write(type.rawValue)
        writer.write(flags.rawValue)
        // The order follows `ip route add`: destination and gateway first, the device last.
        if table >= 256 { writer.attribute(AttributeType.table, table) }
        if let destination { writer.attribute(AttributeType.destination, destination) }
        if let source { writer.attribute(AttributeType.source, source) }
        if let inputInterface { writer.attribute(AttributeType.inputInterface, inputInterface) }
        if let gateway { writer.attribute(AttributeType.gateway, gateway) }
        if let priority { writer.attribute(AttributeType.priority, priority) }
        if let preferredSource { writer.attribute(AttributeType.preferredSource, preferredSource) }
        if let metrics {
            writer.nested(AttributeType.metrics) { nested in for metric in metrics { nested.attribute(metric) } }
        }
        if let nextHops {
            var payload: [UInt8] = []
            for hop in nextHops { hop.encode(into: &payload) }
            writer.attribute(AttributeType.multipath, payload)
        }
        if let mark { writer.attribute(AttributeType.mark, mark) }
        if let preference { writer.attribute(AttributeType.preference, preference) }
        for attribute in otherAttributes { writer.attribute(attribute) }
        if let outputInterface { writer.attribute(AttributeType.outputInterface, outputInterface) }
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        guard payload.count >= Self.headerSize, let flags = payload.loadLittleEndian(UInt32.self, at: 8) else {
            throw .truncated("rtmsg", need: Self.headerSize, have: payload.count)
        }
        let start = payload.startIndex
        self.init(family: payload[start])
        destinationLength = payload[start + 1]
        sourceLength = payload[start + 2]
        tos = payload[start + 3]
        table = UInt32(payload[start + 4])
        routeProtocol = RouteProtocol(rawValue: payload[start + 5])
        scope = RouteScope(rawValue: payload[start + 6])
        type = RouteType(rawValue: payload[start + 7])
        self.flags = RouteFlags(rawValue: flags)
        for attribute in try NetlinkAttributeList(parsing: payload.dropFirst(Self.headerSize)) {
            switch AttributeType(rawValue: attribute.type) {
            case .table: table = try attribute.uint32()
            case .destination: destination = try attribute.ipAddress()
            case .source: source = try attribute.ipAddress()
            case .inputInterface: inputInterface = try attribute.int32()
            case .outputInterface: outputInterface = try attribute.int32()
            case .gateway: gateway = try attribute.ipAddress()
            case .priority: priority = try attribute.uint32()
            case .preferredSource: preferredSource = try attribute.ipAddress()
            case .metrics: metrics = try attribute.nested()
            case .multipath: nextHops = try NextHop.decodeList(attribute.payload)
            case .mark: mark = try attribute.uint32()
            case .preference: preference = try attribute.uint8()
            default: otherAttributes.append(attribute)
            }
        }
    }
}
