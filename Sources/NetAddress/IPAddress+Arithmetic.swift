/// Address arithmetic, as IPAM allocators need it (next address, distance, masking).
extension IPAddress {
    /// The address `offset` places further on, or `nil` when that leaves the address space.
    public func advanced(by offset: Int) -> IPAddress? {
        switch self {
        case .v4(let a):
            let result = Int64(a.value) + Int64(offset)
            guard result >= 0, result <= Int64(UInt32.max) else { return nil }
            return .v4(IPv4Address(UInt32(result)))
        case .v6(let a):
            var high = a.high
            var low = a.low
            if offset >= 0 {
                let (sum, overflow) = low.addingReportingOverflow(UInt64(offset))
                low = sum
                if overflow {
                    guard high != .max else { return nil }
                    high += 1
                }
            } else {
                let (difference, overflow) = low.subtractingReportingOverflow(UInt64(-offset))
                low = difference
                if overflow {
                    guard high != 0 else { return nil }
                    high -= 1
                }
            }
            return .v6(IPv6Address(high: high, low: low))
        }
    }

    /// The next address, or `nil` after the last one.
    public var next: IPAddress? { advanced(by: 1) }
    /// The previous address, or `nil` before the first one.
    public var previous: IPAddress? { advanced(by: -1) }

    /// The address with every bit after the first `prefixLength` cleared.
    public func masked(toPrefixLength prefixLength: Int) -> IPAddress {
        switch self {
        case .v4(let a):
            return .v4(IPv4Address(a.value & IPv4Address.mask(prefixLength)))
        case .v6(let a):
            let (high, low) = IPv6Address.mask(prefixLength)
            return .v6(IPv6Address(high: a.high & high, low: a.low & low))
        }
    }

    /// The address with every bit after the first `prefixLength` set (the broadcast address for IPv4).
    public func filled(afterPrefixLength prefixLength: Int) -> IPAddress {
        switch self {
        case .v4(let a):
            return .v4(IPv4Address(a.value | ~IPv4Address.mask(prefixLength)))
        case .v6(let a):
            let (high, low) = IPv6Address.mask(prefixLength)
            return .v6(IPv6Address(high: a.high | ~high, low: a.low | ~low))
        }
    }
}

extension IPv4Address {
    /// A netmask of `length` leading one bits.
    public static func mask(_ length: Int) -> UInt32 {
        length <= 0 ? 0 : length >= 32 ? .max : ~(UInt32.max >> UInt32(length))
    }
}

extension IPv6Address {
    /// A netmask of `length` leading one bits, as its two halves.
    public static func mask(_ length: Int) -> (high: UInt64, low: UInt64) {
        func half(_ bits: Int) -> UInt64 {
            bits <= 0 ? 0 : bits >= 64 ? .max : ~(UInt64.max >> UInt64(bits))
        }
        return (half(length), half(length - 64))
    }
}
