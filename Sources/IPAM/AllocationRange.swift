public import NetAddress

/// One range of addresses to allocate from: a subnet, the first and last address handed out
/// (inclusive), and the gateway, with the reference plugin's defaults filled in.
///
/// Built by ``RangeDefinition/validated(path:)``, which applies the reference's rules: the subnet
/// must leave room for hosts (not an IPv4 /31 or /32, not an IPv6 /127 or /128) and have no host
/// bits set; `gateway` defaults to the subnet's first address after the network address,
/// `rangeStart` to the same address (the allocator skips the gateway), and `rangeEnd` to the last
/// address before the IPv4 broadcast address (the very last address for IPv6).
public struct AllocationRange: Sendable, Hashable, CustomStringConvertible {
    /// The subnet, host bits zero.
    public var subnet: IPPrefix
    /// The first address handed out.
    public var rangeStart: IPAddress
    /// The last address handed out.
    public var rangeEnd: IPAddress
    /// The gateway: never handed out, returned with every address of this range.
    public var gateway: IPAddress

    /// A range with every field given; no validation (use ``RangeDefinition`` for that).
    public init(subnet: IPPrefix, rangeStart: IPAddress, rangeEnd: IPAddress, gateway: IPAddress) {
        self.subnet = subnet
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.gateway = gateway
    }

    /// The address family.
    public var family: IPFamily { subnet.family }

    /// Whether `address` lies in the subnet and between `rangeStart` and `rangeEnd`.
    public func contains(_ address: IPAddress) -> Bool {
        address.family == family && subnet.contains(address) && address >= rangeStart && address <= rangeEnd
    }

    /// Whether the two ranges share an address (ranges of different families never do).
    public func overlaps(_ other: AllocationRange) -> Bool {
        guard family == other.family else { return false }
        return contains(other.rangeStart) || contains(other.rangeEnd)
            || other.contains(rangeStart) || other.contains(rangeEnd)
    }

    /// `rangeStart-rangeEnd`, as the reference prints a range in its messages.
    public var description: String { "\(rangeStart)-\(rangeEnd)" }
}

/// The addresses one allocation may come from: ranges of one family, tried in order. A
/// configuration has one range set per address the container gets (one per family, usually).
public struct RangeSet: Sendable, Hashable, CustomStringConvertible {
    /// The ranges, in configuration order.
    public var ranges: [AllocationRange]
    /// Where the set came from, for messages: `ipam.ranges[1]`, `runtimeConfig.ipRanges[0]`.
    public var path: String

    /// A set of ranges (at least one, of one family, not overlapping; see ``HostLocalConfig``).
    public init(_ ranges: [AllocationRange], path: String = "") {
        self.ranges = ranges
        self.path = path
    }

    /// The family of the set's addresses.
    public var family: IPFamily { ranges.first?.family ?? .v4 }

    /// The range holding `address`, if any.
    public func range(containing address: IPAddress) -> AllocationRange? {
        ranges.first { $0.contains(address) }
    }

    /// Whether any range holds `address`.
    public func contains(_ address: IPAddress) -> Bool { range(containing: address) != nil }

    /// Whether any range of this set overlaps any range of `other`.
    public func overlaps(_ other: RangeSet) -> Bool {
        ranges.contains { range in other.ranges.contains { range.overlaps($0) } }
    }

    /// The ranges joined by commas (`10.1.0.2-10.1.0.254,10.2.0.1-10.2.0.254`), as the reference prints it.
    public var description: String { ranges.map(\.description).joined(separator: ",") }
}
