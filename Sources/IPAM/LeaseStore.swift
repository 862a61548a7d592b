public import NetAddress

/// Who holds a lease: one interface of one container.
public struct LeaseOwner: Sendable, Hashable {
    /// `CNI_CONTAINERID`.
    public var containerID: String
    /// `CNI_IFNAME`.
    public var interfaceName: String

    public init(containerID: String, interfaceName: String) {
        self.containerID = containerID
        self.interfaceName = interfaceName
    }

    /// What a lease file of this owner contains: `containerID\r\nifname`, the reference's format.
    public var leaseContent: String { "\(containerID.trimmingWhitespace)\r\n\(interfaceName)" }

    /// What a lease file written by reference versions before 0.7 contains: the container ID
    /// alone. Such leases belong to every interface of the container.
    public var legacyLeaseContent: String { containerID.trimmingWhitespace }
}

/// One lease as stored: the address and the holder recorded with it.
public struct Lease: Sendable, Hashable {
    /// The leased address.
    public var address: IPAddress
    /// The lease file's content without surrounding whitespace (normally `containerID\r\nifname`).
    public var content: String

    public init(address: IPAddress, content: String) {
        self.address = address
        self.content = content.trimmingWhitespace
    }

    /// Creates the lease an owner takes.
    public init(address: IPAddress, owner: LeaseOwner) {
        self.init(address: address, content: owner.leaseContent)
    }

    /// The holder: the owner when the content has the current format, or the container ID alone
    /// for a legacy lease (and for content in no known format, taken whole as an ID).
    public var holder: Holder {
        let bytes = Array(content.utf8)
        guard let cr = bytes.indices.first(where: { bytes[$0] == 13 && $0 + 1 < bytes.count && bytes[$0 + 1] == 10 })
        else { return .container(content) }
        let id = String(decoding: bytes[..<cr], as: UTF8.self)
        let ifname = String(decoding: bytes[(cr + 2)...], as: UTF8.self)
        return .attachment(LeaseOwner(containerID: id, interfaceName: ifname))
    }

    /// The holder of a lease.
    public enum Holder: Sendable, Hashable {
        /// One interface of one container.
        case attachment(LeaseOwner)
        /// A whole container (legacy leases).
        case container(String)

        /// The container ID either way.
        public var containerID: String {
            switch self {
            case .attachment(let owner): owner.containerID
            case .container(let id): id
            }
        }
    }
}

/// Where leases are kept: the operations the allocator needs, with the reference's `Store`
/// semantics. Callers serialise access (``DiskLeaseStore`` holds a file lock for its lifetime);
/// a store is used from one thread at a time.
public protocol LeaseStore: AnyObject {
    /// Records `address` as leased to `owner` and remembers it as the last address reserved from
    /// range set `rangeSetIndex`; `false` (and no change) if the address is already leased.
    func reserve(_ address: IPAddress, for owner: LeaseOwner, rangeSetIndex: Int) throws -> Bool

    /// The address last reserved from range set `rangeSetIndex`, if one is recorded and readable.
    func lastReservedAddress(rangeSetIndex: Int) throws -> IPAddress?

    /// The leases whose content is exactly `content`.
    func leases(withContent content: String) throws -> [Lease]

    /// Removes the lease of `address` if its content is exactly `content`; whether it did.
    func release(_ address: IPAddress, ifContent content: String) throws -> Bool

    /// Every lease (for garbage collection).
    func allLeases() throws -> [Lease]
}

extension LeaseStore {
    /// The addresses leased to `owner`, in the current format or the legacy one (Go's `GetByID`).
    public func addresses(heldBy owner: LeaseOwner) throws -> [IPAddress] {
        let current = try leases(withContent: owner.leaseContent)
        let legacy = try leases(withContent: owner.legacyLeaseContent)
        return (current + legacy).map(\.address)
    }

    /// Whether `owner` holds any lease, looking for legacy leases only if there is none in the
    /// current format (Go's `FindByID`).
    public func holdsLease(_ owner: LeaseOwner) throws -> Bool {
        if try !leases(withContent: owner.leaseContent).isEmpty { return true }
        return try !leases(withContent: owner.legacyLeaseContent).isEmpty
    }

    /// Releases every lease of `owner`; when there is none in the current format, releases the
    /// container's legacy leases instead (Go's `ReleaseByID`). Returns the released addresses.
    /// Every lease is attempted; the first failure is thrown after the others were tried.
    @discardableResult
    public func releaseAll(of owner: LeaseOwner) throws -> [IPAddress] {
        var released = try release(try leases(withContent: owner.leaseContent))
        if released.isEmpty {
            released = try release(try leases(withContent: owner.legacyLeaseContent))
        }
        return released
    }

    /// Releases the given leases (each only if its content is unchanged); the addresses released.
    public func release(_ leases: [Lease]) throws -> [IPAddress] {
        var released: [IPAddress] = []
        var failure: (any Error)?
        for lease in leases {
            do {
                if try release(lease.address, ifContent: lease.content) { released.append(lease.address) }
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return released
    }
}
