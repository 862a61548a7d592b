public import CNISpec
public import NetAddress

/// Allocates addresses from one range set (the reference's `IPAllocator`).
public struct IPAllocator: Sendable {
    /// The set to allocate from.
    public var rangeSet: RangeSet
    /// The set's position in the configuration: names its `last_reserved_ip.N` record.
    public var rangeSetIndex: Int

    public init(rangeSet: RangeSet, rangeSetIndex: Int) {
        self.rangeSet = rangeSet
        self.rangeSetIndex = rangeSetIndex
    }

    /// Leases an address to `owner`: `requested` if given (it must be in the set, not a gateway,
    /// and free), otherwise the next free one in round-robin order. Without a request, an owner
    /// that already holds an address of this set is refused: the spec forbids two ADDs for one
    /// attachment.
    public func allocate(for owner: LeaseOwner, requesting requested: IPAddress? = nil,
                         in store: some LeaseStore) throws(CNIError) -> IPConfig {
        if let requested {
            guard let range = rangeSet.range(containing: requested) else {
                throw CNIError(.internal, "\(requested) not in range set \(rangeSet)")
            }
            if requested == range.gateway {
                throw CNIError(.internal, "requested ip \(requested) is subnet's gateway")
            }
            guard try storeCall("reserve \(requested)", { try store.reserve(requested, for: owner, rangeSetIndex: rangeSetIndex) })
            else {
                throw CNIError(.internal, "requested IP address \(requested) is not available in range set \(rangeSet)")
            }
            return Self.ipConfig(requested, in: range)
        }
        let held = try storeCall("look up leases") { try store.addresses(heldBy: owner) }
        if let duplicate = held.first(where: { rangeSet.contains($0) }) {
            throw CNIError(.internal, "\(duplicate) has been allocated to \(owner.containerID), "
                + "duplicate allocation is not allowed")
        }
        // An unreadable record only costs round robin its starting point, as in the reference.
        let last = (try? store.lastReservedAddress(rangeSetIndex: rangeSetIndex)) ?? nil
        for candidate in RangeIterator(rangeSet: rangeSet, lastReserved: last) {
            let address = candidate.address
            if try storeCall("reserve \(address)", { try store.reserve(address, for: owner, rangeSetIndex: rangeSetIndex) }) {
                return Self.ipConfig(address, in: candidate.range)
            }
        }
        throw CNIError(.internal, "no IP addresses available in range set: \(rangeSet)")
    }

    static func ipConfig(_ address: IPAddress, in range: AllocationRange) -> IPConfig {
        let prefix = IPPrefix(address: address, prefixLength: range.subnet.prefixLength) ?? .host(address)
        return IPConfig(address: prefix, gateway: range.gateway)
    }
}

/// Runs a store operation, turning its failure into a CNI error that says what was attempted.
func storeCall<T>(_ what: String, _ body: () throws -> T) throws(CNIError) -> T {
    do {
        return try body()
    } catch let error as CNIError {
        throw error
    } catch {
        throw CNIError(.internal, "\(what): \(error)")
    }
}
