public import CNISpec
public import NetAddress

/// ADD and DEL for a whole host-local configuration: one address per range set.
public enum AddressAllocation {
    /// Leases one address from every range set to `owner`, in order.
    ///
    /// A requested address goes to the first range set containing it (the reference picks one at
    /// random when several requested addresses fall in one set; we take the first requested).
    /// If any set fails, or a requested address fits no set, the leases taken so far are
    /// released and the error says which set failed.
    public static func allocate(_ config: HostLocalConfig, for owner: LeaseOwner,
                                in store: some LeaseStore) throws(CNIError) -> [IPConfig] {
        var pending = config.requestedAddresses
        var taken: [IPConfig] = []
        func rollBack() {
            for ip in taken { _ = try? store.release(ip.address.address, ifContent: owner.leaseContent) }
        }
        for (index, rangeSet) in config.rangeSets.enumerated() {
            var requested: IPAddress?
            if let position = pending.firstIndex(where: { rangeSet.contains($0) }) {
                requested = pending.remove(at: position)
            }
            do {
                let allocator = IPAllocator(rangeSet: rangeSet, rangeSetIndex: index)
                taken.append(try allocator.allocate(for: owner, requesting: requested, in: store))
            } catch {
                rollBack()
                throw CNIError(error.code, "failed to allocate for range \(index): \(error.message)", details: error.details)
            }
        }
        if !pending.isEmpty {
            rollBack()
            throw CNIError(.internal, "failed to allocate all requested IPs: "
                + pending.map(\.description).joined(separator: " "))
        }
        return taken
    }

    /// Releases the leases of `owner` as the reference's DEL does: once per range set, each pass
    /// releasing the owner's leases, or the container's legacy leases when the owner has none left.
    /// (With two or more range sets this also clears legacy leases; the repetition keeps the
    /// on-disk outcome identical to the reference's.) Every pass runs; failures are reported together.
    @discardableResult
    public static func release(_ config: HostLocalConfig, for owner: LeaseOwner,
                               in store: some LeaseStore) throws(CNIError) -> [IPAddress] {
        var released: [IPAddress] = []
        var failures: [String] = []
        for _ in config.rangeSets {
            do {
                released += try store.releaseAll(of: owner)
            } catch {
                failures.append("\(error)")
            }
        }
        if !failures.isEmpty { throw CNIError(.internal, failures.joined(separator: ";")) }
        return released
    }
}
