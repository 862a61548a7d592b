public import NetAddress

/// A lease store in memory: for tests, and for dry runs of the allocator.
public final class InMemoryLeaseStore: LeaseStore {
    /// Lease content by address.
    public private(set) var contents: [IPAddress: String]
    /// The last reserved address by range set index.
    public private(set) var lastReserved: [Int: IPAddress]
    /// How many reservations were attempted (taken or not): what an allocation costs on disk.
    public private(set) var reservationAttempts = 0

    /// A store holding `leases` and `lastReserved`.
    public init(leases: [Lease] = [], lastReserved: [Int: IPAddress] = [:]) {
        contents = Dictionary(leases.map { ($0.address, $0.content) }, uniquingKeysWith: { $1 })
        self.lastReserved = lastReserved
    }

    public func reserve(_ address: IPAddress, for owner: LeaseOwner, rangeSetIndex: Int) throws -> Bool {
        reservationAttempts += 1
        guard contents[address] == nil else { return false }
        contents[address] = owner.leaseContent
        lastReserved[rangeSetIndex] = address
        return true
    }

    public func lastReservedAddress(rangeSetIndex: Int) throws -> IPAddress? { lastReserved[rangeSetIndex] }

    public func leases(withContent content: String) throws -> [Lease] {
        contents.filter { $0.value == content }.map { Lease(address: $0.key, content: $0.value) }
            .sorted { $0.address < $1.address }
    }

    public func release(_ address: IPAddress, ifContent content: String) throws -> Bool {
        guard contents[address] == content else { return false }
        contents[address] = nil
        return true
    }

    public func allLeases() throws -> [Lease] {
        contents.map { Lease(address: $0.key, content: $0.value) }.sorted { $0.address < $1.address }
    }
}
