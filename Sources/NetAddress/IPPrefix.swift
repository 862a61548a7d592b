/// An address with a prefix length, such as `10.1.2.3/24`.
///
/// Unlike a pure network, the host bits are kept: CNI results carry an interface's address and its
/// subnet together this way (Go's `types.IPNet`). ``network`` gives the masked form.
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    /// The address, host bits included.
    public var address: IPAddress
    /// The number of leading network bits.
    public var prefixLength: Int

    /// Creates a prefix; `nil` if the length does not fit the family.
    public init?(address: IPAddress, prefixLength: Int) {
        guard prefixLength >= 0, prefixLength <= address.bitWidth else { return nil }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `address/length` (CIDR notation). Like Go's `net.ParseCIDR`, the length must be
    /// decimal without a sign or leading zeros, and a bare address is refused.
    public init?(_ text: String) { self.init(text[...]) }

    /// Parses `address/length` (CIDR notation), as ``init(_:)-(String)`` does.
    public init?(_ text: Substring) {
        let utf8 = text.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        let lengthDigits = utf8[utf8.index(after: slash)...]
        guard !lengthDigits.isEmpty, lengthDigits.count <= 3,
              lengthDigits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              lengthDigits.count == 1 || lengthDigits.first != UInt8(ascii: "0") else { return nil }
        let length = lengthDigits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let addressText = text[..<slash]
        guard let address = IPAddress(addressText) else { return nil }
        // An IPv4-mapped address (`::ffff:10.1.2.3/120`) becomes IPv4 with the length of its last
        // 32 bits (`10.1.2.3/24`), as Go prints it.
        if case .v4 = address, addressText.utf8.contains(UInt8(ascii: ":")) {
            guard length <= 128 else { return nil }
            self.init(address: address, prefixLength: max(0, length - 96))
            return
        }
        self.init(address: address, prefixLength: length)
    }

    /// The address family.
    public var family: IPFamily { address.family }

    /// The network: the address with its host bits cleared, same length.
    public var network: IPPrefix {
        IPPrefix(unchecked: address.masked(toPrefixLength: prefixLength), prefixLength)
    }

    /// The first address of the network.
    public var firstAddress: IPAddress { address.masked(toPrefixLength: prefixLength) }
    /// The last address of the network (the IPv4 broadcast address).
    public var lastAddress: IPAddress { address.filled(afterPrefixLength: prefixLength) }

    /// Whether `other` lies inside this network (families must match).
    public func contains(_ other: IPAddress) -> Bool {
        other.family == family && other.masked(toPrefixLength: prefixLength) == firstAddress
    }

    /// Whether the two networks share any address.
    public func overlaps(_ other: IPPrefix) -> Bool {
        other.family == family && (contains(other.firstAddress) || other.contains(firstAddress))
    }

    /// The netmask as an address (`255.255.255.0` for a /24).
    public var netmask: IPAddress {
        switch family {
        case .v4:
            return .v4(IPv4Address(IPv4Address.mask(prefixLength)))
        case .v6:
            let (high, low) = IPv6Address.mask(prefixLength)
            return .v6(IPv6Address(high: high, low: low))
        }
    }

    /// `address/length`.
    public var description: String { "\(address)/\(prefixLength)" }

    private init(unchecked address: IPAddress, _ prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// The prefix of a single host: `/32` or `/128`.
    public static func host(_ address: IPAddress) -> IPPrefix {
        IPPrefix(unchecked: address, address.bitWidth)
    }
}
