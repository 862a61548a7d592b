/// A link-layer address: 6 bytes for Ethernet, 8 for EUI-64, 20 for InfiniBand.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    /// The bytes in transmission order.
    public var bytes: [UInt8]

    /// Creates an address from 6, 8 or 20 bytes; `nil` for any other count.
    public init?(bytes: [UInt8]) {
        guard [6, 8, 20].contains(bytes.count) else { return nil }
        self.bytes = bytes
    }

    /// Parses the notations Go's `net.ParseMAC` accepts: `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff`
    /// and `aabb.ccdd.eeff`, for 6, 8 or 20 bytes.
    public init?(_ text: String) { self.init(text[...]) }

    /// Parses the notations ``init(_:)-(String)`` accepts.
    public init?(_ text: Substring) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 14 else { return nil }
        var result: [UInt8] = []
        if utf8[2] == UInt8(ascii: ":") || utf8[2] == UInt8(ascii: "-") {
            let separator = utf8[2]
            guard (utf8.count + 1) % 3 == 0 else { return nil }
            for start in stride(from: 0, to: utf8.count, by: 3) {
                if start + 2 < utf8.count && utf8[start + 2] != separator { return nil }
                guard let byte = Self.hexByte(utf8[start], utf8[start + 1]) else { return nil }
                result.append(byte)
            }
        } else if utf8[4] == UInt8(ascii: ".") {
            guard (utf8.count + 1) % 5 == 0 else { return nil }
            for start in stride(from: 0, to: utf8.count, by: 5) {
                if start + 4 < utf8.count && utf8[start + 4] != UInt8(ascii: ".") { return nil }
                guard let first = Self.hexByte(utf8[start], utf8[start + 1]),
                      let second = Self.hexByte(utf8[start + 2], utf8[start + 3]) else { return nil }
                result += [first, second]
            }
        } else {
            return nil
        }
        self.init(bytes: result)
    }

    private static func hexByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        guard let h = nibble(high), let l = nibble(low) else { return nil }
        return h << 4 | l
    }

    /// Lowercase hex bytes joined by colons, as Go prints them.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3)
        for (i, byte) in bytes.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ":")) }
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the group bit is set (multicast and broadcast addresses).
    public var isMulticast: Bool { bytes[0] & 1 == 1 }

    /// Whether the locally-administered bit is set.
    public var isLocallyAdministered: Bool { bytes[0] & 2 == 2 }

    /// A random unicast, locally administered Ethernet address.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> MACAddress {
        var bytes = (0..<6).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes[0] = (bytes[0] & 0xFE) | 0x02
        return MACAddress(unchecked: bytes)
    }

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}
