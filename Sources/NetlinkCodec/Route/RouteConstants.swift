/// How far a route or address reaches (`rtm_scope`, `ifa_scope`; `RT_SCOPE_*`).
public struct RouteScope: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `RT_SCOPE_UNIVERSE` (`global`).
    public static let universe = Self(rawValue: 0)
    /// `RT_SCOPE_SITE`.
    public static let site = Self(rawValue: 200)
    /// `RT_SCOPE_LINK`: directly attached.
    public static let link = Self(rawValue: 253)
    /// `RT_SCOPE_HOST`: this host only.
    public static let host = Self(rawValue: 254)
    /// `RT_SCOPE_NOWHERE`; in a delete request, any scope.
    public static let nowhere = Self(rawValue: 255)

    public var description: String {
        switch self {
        case .universe: "global"
        case .site: "site"
        case .link: "link"
        case .host: "host"
        case .nowhere: "nowhere"
        default: "\(rawValue)"
        }
    }
}

/// A route's type (`rtm_type`; `RTN_*`).
public struct RouteType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `RTN_UNSPEC`.
    public static let unspecified = Self(rawValue: 0)
    /// `RTN_UNICAST`: a gateway or direct route.
    public static let unicast = Self(rawValue: 1)
    /// `RTN_LOCAL`: an address of this host.
    public static let local = Self(rawValue: 2)
    /// `RTN_BROADCAST`.
    public static let broadcast = Self(rawValue: 3)
    /// `RTN_ANYCAST`.
    public static let anycast = Self(rawValue: 4)
    /// `RTN_MULTICAST`.
    public static let multicast = Self(rawValue: 5)
    /// `RTN_BLACKHOLE`: drop silently.
    public static let blackhole = Self(rawValue: 6)
    /// `RTN_UNREACHABLE`: drop with host unreachable.
    public static let unreachable = Self(rawValue: 7)
    /// `RTN_PROHIBIT`: drop with administratively prohibited.
    public static let prohibit = Self(rawValue: 8)
    /// `RTN_THROW`: continue the lookup in the next table.
    public static let `throw` = Self(rawValue: 9)

    public var description: String {
        let names = ["unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole",
                     "unreachable", "prohibit", "throw"]
        return Int(rawValue) < names.count ? names[Int(rawValue)] : "\(rawValue)"
    }
}

/// Who installed a route (`rtm_protocol`; `RTPROT_*`).
public struct RouteProtocol: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `RTPROT_UNSPEC`; in a delete request, any protocol.
    public static let unspecified = Self(rawValue: 0)
    /// `RTPROT_REDIRECT`.
    public static let redirect = Self(rawValue: 1)
    /// `RTPROT_KERNEL`: e.g. the prefix route of an address.
    public static let kernel = Self(rawValue: 2)
    /// `RTPROT_BOOT`: what `ip route add` uses, and our default.
    public static let boot = Self(rawValue: 3)
    /// `RTPROT_STATIC`.
    public static let `static` = Self(rawValue: 4)
}

/// Routing table numbers (`RT_TABLE_*`).
public enum RouteTable {
    /// `RT_TABLE_UNSPEC`.
    public static let unspecified: UInt32 = 0
    /// `RT_TABLE_DEFAULT`.
    public static let `default`: UInt32 = 253
    /// `RT_TABLE_MAIN`.
    public static let main: UInt32 = 254
    /// `RT_TABLE_LOCAL`.
    public static let local: UInt32 = 255
}

/// Route and next-hop flags (`rtm_flags` and `rtnh_flags`; `RTNH_F_*`, `RTM_F_*`).
public struct RouteFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// `RTNH_F_DEAD`.
    public static let dead = Self(rawValue: 0x1)
    /// `RTNH_F_PERVASIVE`.
    public static let pervasive = Self(rawValue: 0x2)
    /// `RTNH_F_ONLINK`: the gateway is on the link even if no prefix says so (`onlink`).
    public static let onLink = Self(rawValue: 0x4)
    /// `RTNH_F_OFFLOAD`.
    public static let offload = Self(rawValue: 0x8)
    /// `RTNH_F_LINKDOWN`.
    public static let linkDown = Self(rawValue: 0x10)
    /// `RTM_F_NOTIFY`.
    public static let notify = Self(rawValue: 0x100)
    /// `RTM_F_CLONED`: a cached clone.
    public static let cloned = Self(rawValue: 0x200)
}
