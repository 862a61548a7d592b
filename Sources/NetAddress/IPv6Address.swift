/// An IPv6 address, stored as two 64-bit halves in host order (`high` holds the first eight bytes).
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first eight bytes of the address, most significant first.
    public var high: UInt64
    /// The last eight bytes of the address.
    public var low: UInt64

    /// Creates an address from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates an address from sixteen bytes in network order; `nil` unless there are exactly sixteen.
    @inlinable
    public init?<Bytes: Collection<UInt8>>(bytes: Bytes) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// Parses RFC 4291 text: eight groups of hex, `::` for a run of zero groups, and an optional
    /// trailing dotted IPv4 address (`::ffff:10.0.0.1`). Zone indexes (`%eth0`) are refused, as Go does.
    public init?(_ text: String) { self.init(text[...]) }

    /// Parses RFC 4291 text, as ``init(_:)-(String)`` does.
    public init?(_ text: Substring) {
        var groups: [UInt16] = []
        var compressionIndex: Int?
        let utf8 = Array(text.utf8)
        var index = 0
        if utf8.count >= 2 && utf8[0] == UInt8(ascii: ":") && utf8[1] == UInt8(ascii: ":") {
            compressionIndex = 0
            index = 2
        } else if utf8.first == UInt8(ascii: ":") {
            return nil
        }
        while index < utf8.count {
            // A group of up to four hex digits, or an embedded IPv4 address at the end.
            var end = index
            var value: UInt32 = 0
            while end < utf8.count, let digit = Self.hexValue(utf8[end]) {
                value = value << 4 | UInt32(digit)
                end += 1
                if end - index > 4 { break }
            }
            if end < utf8.count && utf8[end] == UInt8(ascii: ".") {
                guard groups.count <= 6,
                      let v4 = IPv4Address(String(decoding: utf8[index...], as: UTF8.self)) else { return nil }
                groups.append(UInt16(truncatingIfNeeded: v4.value >> 16))
                groups.append(UInt16(truncatingIfNeeded: v4.value))
                index = utf8.count
                break
            }
            guard end > index, end - index <= 4 else { return nil }
            groups.append(UInt16(value))
            index = end
            guard index < utf8.count else { break }
            guard utf8[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            if index < utf8.count && utf8[index] == UInt8(ascii: ":") {
                guard compressionIndex == nil else { return nil }
                compressionIndex = groups.count
                index += 1
            } else if index == utf8.count {
                return nil  // a trailing single colon
            }
        }
        if let compressionIndex {
            guard groups.count < 8 else { return nil }
            groups.insert(contentsOf: repeatElement(0, count: 8 - groups.count), at: compressionIndex)
        }
        guard groups.count == 8 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (i, group) in groups.enumerated() {
            if i < 4 { high = high << 16 | UInt64(group) } else { low = low << 16 | UInt64(group) }
        }
        self.init(high: high, low: low)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The sixteen bytes in network order.
    public var bytes: [UInt8] {
        var result = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            result[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(i)))
            result[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(i)))
        }
        return result
    }

    /// The eight 16-bit groups.
    public var groups: [UInt16] {
        (0..<8).map { i in
            let half = i < 4 ? high : low
            return UInt16(truncatingIfNeeded: half >> (48 - 16 * UInt64(i % 4)))
        }
    }

    /// The embedded IPv4 address if this is IPv4-mapped (`::ffff:a.b.c.d`).
    public var ipv4Mapped: IPv4Address? {
        guard high == 0, low >> 32 == 0xFFFF else { return nil }
        return IPv4Address(UInt32(truncatingIfNeeded: low))
    }

    /// RFC 5952 text: lowercase, the longest run of two or more zero groups as `::`.
    /// IPv4-mapped addresses print with a dotted tail, as Go prints them inside IPv6 contexts.
    public var description: String {
        if let v4 = ipv4Mapped { return "::ffff:\(v4)" }
        let groups = self.groups
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for i in 0...8 {
            if i < 8 && groups[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLength {
                    bestStart = runStart
                    bestLength = i - runStart
                }
                runStart = -1
            }
        }
        if bestLength < 2 { bestStart = -1 }
        var text = ""
        var i = 0
        while i < 8 {
            if i == bestStart {
                text += "::"
                i += bestLength
                continue
            }
            if !text.isEmpty && !text.hasSuffix(":") { text += ":" }
            text += String(groups[i], radix: 16)
            i += 1
        }
        return text
    }

    /// `::`.
    public static let any = IPv6Address(high: 0, low: 0)
    /// `::1`.
    public static let loopback = IPv6Address(high: 0, low: 1)

    /// Whether this is in `fe80::/10`.
    public var isLinkLocal: Bool { high >> 54 == 0x3FA }
    /// Whether this is in `ff00::/8`.
    public var isMulticast: Bool { high >> 56 == 0xFF }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
