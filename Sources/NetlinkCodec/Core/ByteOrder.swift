// Netlink carries integers in the host's byte order. We write that order out explicitly as
// little-endian, byte by byte, instead of copying struct memory: the layout of every field is then
// visible in the code and checked by the golden-byte tests. The few fields the kernel wants in
// network order (VLAN protocol, ports, u32 keys) use the big-endian helpers.
#if _endian(big)
#error("NetlinkCodec writes netlink's host byte order as little-endian; big-endian hosts are not supported")
#endif

extension Array where Element == UInt8 {
    /// Appends `value` in host (little-endian) byte order.
    @inlinable
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: 0, to: T.bitWidth, by: 8) {
            append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }

    /// Appends `value` in network (big-endian) byte order.
    @inlinable
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: T.bitWidth - 8, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }

    /// Overwrites two bytes at `offset` with `value` in host byte order.
    @inlinable
    mutating func storeLittleEndian(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(truncatingIfNeeded: value)
        self[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }

    /// Overwrites four bytes at `offset` with `value` in host byte order.
    @inlinable
    mutating func storeLittleEndian(_ value: UInt32, at offset: Int) {
        for index in 0..<4 {
            self[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
        }
    }

    /// Appends zero bytes up to the next multiple of four (netlink's alignment).
    @inlinable
    mutating func padToAlignment() {
        while count % 4 != 0 { append(0) }
    }
}

extension Collection where Element == UInt8, Index == Int {
    /// Reads a host-order (little-endian) integer `offset` bytes after `startIndex`; `nil` if the
    /// collection is too short.
    @inlinable
    func loadLittleEndian<T: FixedWidthInteger>(_: T.Type = T.self, at offset: Int = 0) -> T? {
        let size = T.bitWidth / 8
        let start = startIndex + offset
        guard offset >= 0, start + size <= endIndex else { return nil }
        var value: T = 0
        for index in 0..<size {
            value |= T(truncatingIfNeeded: self[start + index]) << (8 * index)
        }
        return value
    }

    /// Reads a network-order (big-endian) integer `offset` bytes after `startIndex`.
    @inlinable
    func loadBigEndian<T: FixedWidthInteger>(_: T.Type = T.self, at offset: Int = 0) -> T? {
        let size = T.bitWidth / 8
        let start = startIndex + offset
        guard offset >= 0, start + size <= endIndex else { return nil }
        var value: T = 0
        for index in 0..<size {
            value = value << 8 | T(truncatingIfNeeded: self[start + index])
        }
        return value
    }
}

/// Rounds a length up to netlink's 4-byte alignment (`NLMSG_ALIGN`, `NLA_ALIGN`).
@inlinable
func netlinkAligned(_ length: Int) -> Int { (length + 3) & ~3 }
