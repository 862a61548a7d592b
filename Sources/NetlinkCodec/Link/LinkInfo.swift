/// `IFLA_LINKINFO`: what kind of link this is with its kind-specific data, and, for a link enslaved
/// to a bridge or VRF, the port ("slave") kind and data.
///
/// ```
/// IFLA_LINKINFO
///   IFLA_INFO_KIND        "veth"
///   IFLA_INFO_DATA        kind-specific attributes (VETH_INFO_PEER, IFLA_BR_*, ...)
///   IFLA_INFO_SLAVE_KIND  "bridge"
///   IFLA_INFO_SLAVE_DATA  port attributes (IFLA_BRPORT_*)
/// ```
public struct LinkInfo: Hashable, Sendable {
    /// `IFLA_INFO_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `IFLA_INFO_KIND`.
        public static let kind = Self(rawValue: 1)
        /// `IFLA_INFO_DATA`.
        public static let data = Self(rawValue: 2)
        /// `IFLA_INFO_XSTATS`.
        public static let extendedStatistics = Self(rawValue: 3)
        /// `IFLA_INFO_SLAVE_KIND`.
        public static let portKind = Self(rawValue: 4)
        /// `IFLA_INFO_SLAVE_DATA`.
        public static let portData = Self(rawValue: 5)
    }

    /// The kind and its options.
    public var kind: LinkKind?
    /// `IFLA_INFO_SLAVE_KIND`: the kind of the master this link is a port of (`bridge`, `vrf`).
    public var portKind: String?
    /// `IFLA_INFO_SLAVE_DATA` of a bridge port, decoded.
    public var bridgePort: BridgePortOptions?
    /// `IFLA_INFO_SLAVE_DATA` of any other port kind, raw.
    public var portData: NetlinkAttributeList?
    /// Other attributes (such as `IFLA_INFO_XSTATS`).
    public var otherAttributes: NetlinkAttributeList

    /// Creates link information.
    public init(kind: LinkKind?, portKind: String? = nil, bridgePort: BridgePortOptions? = nil) {
        self.kind = kind
        self.portKind = portKind
        self.bridgePort = bridgePort
        otherAttributes = NetlinkAttributeList()
    }

    /// Writes the children of `IFLA_LINKINFO`.
    public func encode(into writer: inout AttributeWriter) {
        if let kind {
            // iproute2 sends the kind without a terminating NUL; the kernel takes either.
            writer.attribute(AttributeType.kind, UnterminatedString(kind.name))
            kind.encodeData(into: &writer)
        }
        if let portKind { writer.attribute(AttributeType.portKind, portKind) }
        if let bridgePort {
            writer.nested(AttributeType.portData) { bridgePort.encode(into: &$0) }
        } else if let portData {
            writer.nested(AttributeType.portData) { nested in
                for attribute in portData { nested.attribute(attribute) }
            }
        }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    /// Decodes the children of `IFLA_LINKINFO`.
    public init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init(kind: nil)
        let kindName = attributes.first(AttributeType.kind)?.string()
        portKind = attributes.first(AttributeType.portKind)?.string()
        if let kindName {
            let data = try attributes.first(AttributeType.data)?.nested()
            kind = try LinkKind(name: kindName, data: data)
        }
        if let data = attributes.first(AttributeType.portData) {
            if portKind == "bridge" {
                bridgePort = try BridgePortOptions(decoding: data.nested())
            } else {
                portData = try data.nested()
            }
        }
        for attribute in attributes {
            switch AttributeType(rawValue: attribute.type) {
            case .kind, .data, .portKind, .portData: continue
            default: otherAttributes.append(attribute)
            }
        }
    }
}
