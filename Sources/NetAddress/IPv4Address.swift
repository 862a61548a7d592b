/// An IPv4 address, stored as its 32-bit value in host order (`10.0.0.1` is `0x0A00_0001`).
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address as a number: the first octet in the most significant byte.
    public var value: UInt32

    /// Creates an address from its numeric value.
    public init(_ value: UInt32) { self.value = value }

    /// Creates an address from its four octets, most significant first.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Creates an address from four bytes in network order; `nil` unless there are exactly four.
    @inlinable
    public init?<Bytes: Collection<UInt8>>(bytes: Bytes) {
        guard bytes.count == 4 else { return nil }
        self.init(bytes.reduce(0) { $0 << 8 | UInt32($1) })
    }

    /// Parses dotted-quad notation. Like Go's `net.ParseIP`, octets with leading zeros are refused
    /// (they are ambiguous: some parsers read them as octal).
    public init?(_ text: String) { self.init(text[...]) }

    /// Parses dotted-quad notation, as ``init(_:)-(String)`` does.
    public init?(_ text: Substring) {
        var result: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        var leadingZero = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits == 1 && leadingZero { return nil }
                if digits == 0 { leadingZero = byte == UInt8(ascii: "0") }
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                if current > 255 || digits > 3 { return nil }
            case UInt8(ascii: "."):
                guard digits > 0, octets < 3 else { return nil }
                result = result << 8 | current
                octets += 1
                current = 0
                digits = 0
            default:
                return nil
            }
        }
        guard digits > 0, octets == 3 else { return nil }
        value = result << 8 | current
    }

    /// The four octets in network order.
    public var bytes: [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
         UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    /// Dotted-quad notation.
    public var description: String {
        let b = bytes
        return "\(b[0]).\(b[1]).\(b[2]).\(b[3])"
    }

    /// `0.0.0.0`.
    public static let any = IPv4Address(0)
    /// `127.0.0.1`.
    public static let loopback = IPv4Address(127, 0, 0, 1)

    /// Whether this is in `127.0.0.0/8`.
    public var isLoopback: Bool { value >> 24 == 127 }
    /// Whether this is in `224.0.0.0/4`.
    public var isMulticast: Bool { value >> 28 == 0xE }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}
