public import NetAddress

/// The order in which the allocator tries addresses: round robin through a range set, starting
/// after the last address reserved from it, so that a released address is not handed out again
/// until every other one has had its turn (a crash-looping container does not keep getting the
/// same address). Gateways are skipped; each address is produced at most once.
///
/// This is the reference's `RangeIter`, step for step, so both plugins allocate the same
/// addresses from the same state.
public struct RangeIterator: IteratorProtocol, Sequence {
    /// One address to try, with the range it belongs to.
    public struct Candidate: Sendable, Hashable {
        public var address: IPAddress
        public var range: AllocationRange
    }

    private let ranges: [AllocationRange]
    private var rangeIndex = 0
    private var current: IPAddress?
    private var start: IPAddress?

    /// An iterator over `rangeSet` that starts after `lastReserved` when the set contains it,
    /// and at the first range's start otherwise.
    public init(rangeSet: RangeSet, lastReserved: IPAddress?) {
        ranges = rangeSet.ranges
        if let lastReserved, let index = ranges.firstIndex(where: { $0.contains(lastReserved) }) {
            rangeIndex = index
            current = lastReserved
        } else {
            start = ranges.first?.rangeStart
        }
    }

    public mutating func next() -> Candidate? {
        guard !ranges.isEmpty else { return nil }
        while true {
            guard let position = current else {
                // First call without a last reserved address: the start is inclusive.
                let range = ranges[rangeIndex]
                current = range.rangeStart
                start = range.rangeStart
                if range.rangeStart == range.gateway { continue }
                return Candidate(address: range.rangeStart, range: range)
            }
            if position == ranges[rangeIndex].rangeEnd {
                rangeIndex = (rangeIndex + 1) % ranges.count
                current = ranges[rangeIndex].rangeStart
            } else {
                current = position.next ?? ranges[rangeIndex].rangeStart
            }
            let range = ranges[rangeIndex]
            guard let address = current else { return nil }
            if let start {
                if address == start { return nil }
            } else {
                start = address
            }
            if address == range.gateway { continue }
            return Candidate(address: address, range: range)
        }
    }
}
