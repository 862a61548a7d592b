/// An IPv4 or IPv6 address.
///
/// Parsing follows Go's `net.ParseIP`, which CNI's JSON formats were defined against: an
/// IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is the IPv4 address it maps.
public enum IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses an IPv4 or IPv6 address.
    public init?(_ text: String) { self.init(text[...]) }

    /// Parses an IPv4 or IPv6 address.
    ///
    /// The parsers of this module take `String` and `Substring`, not `some StringProtocol`: a
    /// generic parser runs unspecialised in other modules, and its first use of each generic
    /// operation costs a search of the runtime's conformance tables (tens of microseconds each,
    /// in a plugin process that lives a few milliseconds).
    public init?(_ text: Substring) {
        if text.utf8.contains(UInt8(ascii: ":")) {
            guard let v6 = IPv6Address(text) else { return nil }
            if let mapped = v6.ipv4Mapped { self = .v4(mapped) } else { self = .v6(v6) }
        } else {
            guard let v4 = IPv4Address(text) else { return nil }
            self = .v4(v4)
        }
    }

    /// Creates an address from 4 or 16 bytes in network order.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        if let v4 = IPv4Address(bytes: bytes) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(bytes: bytes) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    /// The address family.
    public var family: IPFamily {
        switch self {
        case .v4: .v4
        case .v6: .v6
        }
    }

    /// Whether this is an IPv4 address.
    public var isIPv4: Bool { family == .v4 }

    /// The address in network byte order (4 or 16 bytes).
    public var bytes: [UInt8] {
        switch self {
        case .v4(let a): a.bytes
        case .v6(let a): a.bytes
        }
    }

    /// The address bit length: 32 or 128.
    public var bitWidth: Int { family.bitWidth }

    /// Whether this is the unspecified address (`0.0.0.0` or `::`).
    public var isUnspecified: Bool {
        switch self {
        case .v4(let a): a.value == 0
        case .v6(let a): a.high == 0 && a.low == 0
        }
    }

    /// Whether this is a loopback address.
    public var isLoopback: Bool {
        switch self {
        case .v4(let a): a.isLoopback
        case .v6(let a): a == .loopback
        }
    }

    public var description: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.description
        }
    }

    /// IPv4 sorts before IPv6; within a family, numerically.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): a < b
        case (.v6(let a), .v6(let b)): a < b
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }
}

/// An address family.
public enum IPFamily: Sendable, Hashable {
    case v4
    case v6

    /// 32 or 128.
    public var bitWidth: Int { self == .v4 ? 32 : 128 }
    /// The Linux `AF_INET` / `AF_INET6` value.
    public var addressFamily: UInt8 { self == .v4 ? 2 : 10 }
}
