/// A VLAN on a bridge port or on the bridge itself (`struct bridge_vlan_info` in
/// `IFLA_BRIDGE_VLAN_INFO`), sent in the `IFLA_AF_SPEC` of an `AF_BRIDGE` message.
///
/// ```
/// IFLA_AF_SPEC
///   IFLA_BRIDGE_FLAGS      u16: BRIDGE_FLAGS_MASTER (1) or BRIDGE_FLAGS_SELF (2)
///   IFLA_BRIDGE_VLAN_INFO  struct bridge_vlan_info { u16 flags; u16 vid; }
/// ```
/// `bridge vlan add dev PORT vid 100 pvid untagged` is an `RTM_SETLINK`, `bridge vlan del` an
/// `RTM_DELLINK`, both with family `AF_BRIDGE`.
public struct BridgeVLAN: Hashable, Sendable {
    /// `IFLA_BRIDGE_*` attribute numbers inside `IFLA_AF_SPEC`.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `IFLA_BRIDGE_FLAGS` (u16).
        public static let flags = Self(rawValue: 0)
        /// `IFLA_BRIDGE_MODE` (u16).
        public static let mode = Self(rawValue: 1)
        /// `IFLA_BRIDGE_VLAN_INFO`.
        public static let vlanInfo = Self(rawValue: 2)
    }

    /// `BRIDGE_VLAN_INFO_*` flags.
    public struct Flags: OptionSet, Hashable, Sendable {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `BRIDGE_VLAN_INFO_MASTER`: operate on the bridge master.
        public static let master = Self(rawValue: 0x1)
        /// `BRIDGE_VLAN_INFO_PVID`: untagged ingress frames get this VLAN.
        public static let pvid = Self(rawValue: 0x2)
        /// `BRIDGE_VLAN_INFO_UNTAGGED`: egress frames leave untagged.
        public static let untagged = Self(rawValue: 0x4)
        /// `BRIDGE_VLAN_INFO_RANGE_BEGIN`.
        public static let rangeBegin = Self(rawValue: 0x8)
        /// `BRIDGE_VLAN_INFO_RANGE_END`.
        public static let rangeEnd = Self(rawValue: 0x10)
        /// `BRIDGE_VLAN_INFO_BRENTRY`: a global bridge entry.
        public static let bridgeEntry = Self(rawValue: 0x20)
    }

    /// Whom a VLAN request addresses (`BRIDGE_FLAGS_*`).
    public enum Target: UInt16, Hashable, Sendable {
        /// `BRIDGE_FLAGS_MASTER`: the bridge the port belongs to (the default).
        case master = 1
        /// `BRIDGE_FLAGS_SELF`: the device itself (the bridge device for its own VLANs).
        case `self` = 2
    }

    /// The VLAN ID.
    public var id: UInt16
    /// The flags.
    public var flags: Flags

    /// Creates a VLAN entry.
    public init(id: UInt16, flags: Flags = []) {
        self.id = id
        self.flags = flags
    }

    /// Whether untagged ingress frames are put in this VLAN.
    public var isPVID: Bool { flags.contains(.pvid) }
    /// Whether egress frames leave untagged.
    public var isUntagged: Bool { flags.contains(.untagged) }

    /// The `IFLA_AF_SPEC` children of a VLAN add or delete request.
    public static func requestAttributes(_ vlans: [BridgeVLAN], target: Target?) -> NetlinkAttributeList {
        var list = NetlinkAttributeList()
        if let target {
            var payload: [UInt8] = []
            payload.appendLittleEndian(target.rawValue)
            list.append(NetlinkAttribute(type: AttributeType.flags.rawValue, payload: payload))
        }
        for vlan in vlans {
            var payload: [UInt8] = []
            payload.appendLittleEndian(vlan.flags.rawValue)
            payload.appendLittleEndian(vlan.id)
            list.append(NetlinkAttribute(type: AttributeType.vlanInfo.rawValue, payload: payload))
        }
        return list
    }

    /// The VLANs listed in an `IFLA_AF_SPEC` (ranges are expanded).
    static func decode(_ spec: NetlinkAttributeList) -> [BridgeVLAN] {
        var result: [BridgeVLAN] = []
        var rangeStart: BridgeVLAN?
        for attribute in spec.all(AttributeType.vlanInfo) {
            guard let flags = attribute.payload.loadLittleEndian(UInt16.self),
                  let id = attribute.payload.loadLittleEndian(UInt16.self, at: 2) else { continue }
            var vlan = BridgeVLAN(id: id, flags: Flags(rawValue: flags))
            if vlan.flags.contains(.rangeBegin) {
                vlan.flags.remove(.rangeBegin)
                rangeStart = vlan
            } else if vlan.flags.contains(.rangeEnd), let start = rangeStart {
                vlan.flags.remove(.rangeEnd)
                for member in start.id...max(start.id, id) { result.append(BridgeVLAN(id: member, flags: vlan.flags)) }
                rangeStart = nil
            } else {
                result.append(vlan)
            }
        }
        return result
    }
}
