public import CNISpec

/// GC for leases: release everything not held by an attachment the runtime still considers valid.
public enum GarbageCollection {
    /// The leases no valid attachment holds. A lease of an interface is valid when that
    /// (container, interface) pair is listed; a legacy lease, which names only a container, when
    /// any interface of that container is listed.
    public static func staleLeases(_ leases: [Lease], validAttachments: [GCAttachment]) -> [Lease] {
        let attachments = Set(validAttachments.map {
            LeaseOwner(containerID: $0.containerID.trimmingWhitespace, interfaceName: $0.interfaceName)
        })
        let containers = Set(validAttachments.map(\.containerID.trimmingWhitespace))
        return leases.filter { lease in
            switch lease.holder {
            case .attachment(let owner): !attachments.contains(owner)
            case .container(let id): !containers.contains(id)
            }
        }
    }

    /// Releases the stale leases of `store`; returns what was released. Every lease is attempted;
    /// failures are reported together.
    @discardableResult
    public static func collect(in store: some LeaseStore, validAttachments: [GCAttachment]) throws(CNIError) -> [Lease] {
        let leases = try storeCall("read leases") { try store.allLeases() }
        var released: [Lease] = []
        var failures: [String] = []
        for lease in staleLeases(leases, validAttachments: validAttachments) {
            do {
                if try store.release(lease.address, ifContent: lease.content) { released.append(lease) }
            } catch {
                failures.append("release \(lease.address): \(error)")
            }
        }
        if !failures.isEmpty { throw CNIError(.internal, failures.joined(separator: "; ")) }
        return released
    }
}
