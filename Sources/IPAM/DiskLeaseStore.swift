import LinuxSystem
public import NetAddress

/// Leases on disk, in the reference plugin's format and under its lock, so that either plugin
/// can take over a network from the other:
/// - `<dataDir>/<network>/` holds one file per leased address, named by the address as Go
///   prints it, containing `containerID\r\nifname` (mode 0600);
/// - `last_reserved_ip.N` holds the address last reserved from range set N;
/// - `lock` is locked with `flock(2)` for the whole time a store is open.
///
/// A plugin is SIGKILLed when the runtime's timeout fires, so every instant of a call must be a
/// safe place to die (decision 0015):
/// - a lease appears with its owner in it or not at all
///   (``FileIO/createAtomically(_:content:directory:temporaryPath:mode:method:)``); where
///   `O_TMPFILE` is missing, this takes a temporary file, ``temporaryName``, which is not an
///   address (neither plugin takes it for a lease) and which the next open removes;
/// - an empty lease, which a writer killed between creating and writing it leaves (the Go
///   plugin, and ours before this rule), is reclaimed when an allocation meets it: see
///   ``reclaimAbandonedLease(at:)`` for why that is safe;
/// - the index may list more than the truth, never less (``LeaseIndex``).
///
/// On top of that format a ``LeaseIndex`` (kept outside the lease directory) answers "which
/// leases does this container hold" without reading every file; when another writer changed
/// the directory, the store rescans it once and rebuilds the index.
public final class DiskLeaseStore: LeaseStore {
    /// The lease directory, `<dataDir>/<network>`.
    public let directory: String
    private let lock: FileLock
    /// `nil` when the index cannot be kept (a read-only place): every open then scans.
    private let index: LeaseIndex?
    /// Every lease (address → trimmed content), when the index was stale and the directory was
    /// scanned; the index is rewritten from it when the store closes.
    private var scanned: [IPAddress: String]?
    private var leasesChanged = false
    private var indexFailed = false
    /// How lease files are created; tests choose the fallback to exercise it.
    var creation: FileIO.Creation = .anonymous

    /// Opens the store of `network` under `dataDirectory` (creating the lease directory),
    /// takes its lock, runs `body`, brings the index up to date and releases the lock.
    public static func withStore<Result>(
        network: String, dataDirectory: String, _ body: (DiskLeaseStore) throws -> Result
    ) throws -> Result {
        let store = try DiskLeaseStore(network: network, dataDirectory: dataDirectory)
        defer { store.close() }
        return try body(store)
    }

    /// The temporary file of a lease being written where `O_TMPFILE` is not available: a name
    /// that is not an address, so that neither plugin takes it for a lease.
    static let temporaryName = ".swift-cni-lease.tmp"

    private var temporaryPath: String { "\(directory)/\(Self.temporaryName)" }

    /// Whether `network` has a lease directory under `dataDirectory` (opening a store creates it,
    /// so DEL asks first: without one there is nothing to release, and nothing must be made).
    public static func exists(network: String, dataDirectory: String) -> Bool {
        FileSystem.exists("\(dataDirectory)/\(network)")
    }

    private init(network: String, dataDirectory: String) throws {
        directory = "\(dataDirectory)/\(network)"
        try FileSystem.createDirectory(directory, mode: 0o755)
        lock = try FileLock(path: "\(directory)/lock")
        try lock.lock()
        do {
            // Left by a writer killed mid-write (only ever one: writers hold the lock). Its
            // creation changed the directory, so the index is not trusted below and is rebuilt.
            _ = try FileIO.remove("\(directory)/\(Self.temporaryName)")
            let index = try? LeaseIndex(dataDirectory: dataDirectory, network: network)
            self.index = index
            if let index, index.isCurrent(for: try FileStatus(path: directory)) {
                scanned = nil
            } else {
                scanned = try Self.scan(directory)
            }
        } catch {
            try? lock.unlock()
            throw error
        }
    }

    /// Brings the index up to date (or marks it stale when that fails) and unlocks.
    private func close() {
        defer { try? lock.unlock() }
        guard let index else { return }
        do {
            if indexFailed {
                try index.invalidate()
                return
            }
            if let scanned {
                let entries = scanned.map { (address: $0.key.description, containerID: Self.containerID(of: $0.value)) }
                try index.rebuild(from: entries)
                try index.seal(leaseDirectory: directory)
            } else if leasesChanged {
                try index.seal(leaseDirectory: directory)
            }
        } catch {
            // The index is a cache: if it cannot be sealed, the next open rescans.
            try? index.invalidate()
        }
    }

    // MARK: - LeaseStore

    public func reserve(_ address: IPAddress, for owner: LeaseOwner, rangeSetIndex: Int) throws -> Bool {
        let name = address.description
        let path = "\(directory)/\(name)"
        let content = owner.leaseContent
        guard try create(path, content: content) || (try reclaimAbandonedLease(at: path) && create(path, content: content))
        else { return false }
        leasesChanged = true
        record(address, content: content)
        do {
            try FileIO.overwrite("\(directory)/last_reserved_ip.\(rangeSetIndex)", content: name)
        } catch {
            // Unlike the reference, do not keep a lease the caller is told failed.
            if (try? FileIO.remove(path)) == true { forget(address, content: content) }
            throw error
        }
        return true
    }

    private func create(_ path: String, content: String) throws -> Bool {
        try FileIO.createAtomically(path, content: content, directory: directory, temporaryPath: temporaryPath,
                                    method: creation)
    }

    /// Removes the lease file at `path` if it is abandoned, an empty file
    /// (``FileIO/isAbandonedLease(_:)``); whether it did.
    ///
    /// Such a file is provably stale, because of the lock. Every writer of a lease, the Go
    /// plugin and ours, creates the file, writes its owner and closes it while holding the
    /// `flock` on `<network>/lock`, and the store holds that lock now. So no writer is between
    /// creating and writing a lease at this moment, and none that created this one will ever
    /// write it: it was left by a writer killed (or failed) between the two steps. Nobody can
    /// release it either (DEL matches the owner in the content, and there is none), so without
    /// this it would hold its address until a GC, which runtimes on libcni before 1.2 never send.
    /// The lock is the proof, not the file's age: comparing its modification time with the
    /// lock holder's start would need clocks to agree and prove nothing more.
    ///
    /// Only empty files: a lease with content but no owner (whitespace, say) is kept, since no
    /// kill produces it (a lease is one write of far less than a page, and ours appear whole).
    /// An address held by hand needs some text in its file (`reserved`); an empty one, made with
    /// `touch`, is reclaimed like a killed writer's (docs/differences.md).
    private func reclaimAbandonedLease(at path: String) throws -> Bool {
        guard FileIO.isAbandonedLease(path), try FileIO.remove(path) else { return false }
        leasesChanged = true
        return true
    }

    public func lastReservedAddress(rangeSetIndex: Int) throws -> IPAddress? {
        // Read as Go does: the whole content, untrimmed, must be an address.
        guard let text = try FileIO.readSmallFile("\(directory)/last_reserved_ip.\(rangeSetIndex)") else { return nil }
        return IPAddress(text)
    }

    public func leases(withContent content: String) throws -> [Lease] {
        if let scanned {
            return scanned.filter { $0.value == content }.map { Lease(address: $0.key, content: $0.value) }
                .sorted { $0.address < $1.address }
        }
        guard let index else { return [] }
        var result: [Lease] = []
        for name in try index.addresses(ofContainer: Self.containerID(of: content)) {
            guard let address = IPAddress(name),
                  let text = try FileIO.readSmallFile("\(directory)/\(name)"), text.trimmingWhitespace == content
            else { continue }
            result.append(Lease(address: address, content: content))
        }
        return result.sorted { $0.address < $1.address }
    }

    public func release(_ address: IPAddress, ifContent content: String) throws -> Bool {
        let path = "\(directory)/\(address.description)"
        guard let text = try FileIO.readSmallFile(path), text.trimmingWhitespace == content else { return false }
        guard try FileIO.remove(path) else { return false }
        leasesChanged = true
        forget(address, content: content)
        return true
    }

    public func allLeases() throws -> [Lease] {
        let all = try scanned ?? Self.scan(directory)
        // Having read everything, rebuild the index from it when closing.
        scanned = all
        return all.map { Lease(address: $0.key, content: $0.value) }.sorted { $0.address < $1.address }
    }

    // MARK: - Index upkeep

    private func record(_ address: IPAddress, content: String) {
        if scanned != nil {
            scanned?[address] = content
            return
        }
        do {
            try index?.add(address: address.description, containerID: Self.containerID(of: content))
        } catch {
            indexFailed = true
        }
    }

    private func forget(_ address: IPAddress, content: String) {
        if scanned != nil {
            scanned?[address] = nil
            return
        }
        do {
            try index?.remove(address: address.description, containerID: Self.containerID(of: content))
        } catch {
            indexFailed = true
        }
    }

    /// The container ID a lease content names (the whole content for a legacy lease).
    static func containerID(of content: String) -> String {
        Lease(address: .v4(.any), content: content).holder.containerID
    }

    /// Reads every lease in the directory: the files named by an address as Go prints it
    /// (`lock`, `last_reserved_ip.N` and anything else are not leases).
    static func scan(_ directory: String) throws -> [IPAddress: String] {
        var leases: [IPAddress: String] = [:]
        for name in try FileSystem.listDirectory(directory) {
            guard let address = IPAddress(name), address.description == name,
                  let content = try? FileIO.readSmallFile("\(directory)/\(name)") else { continue }
            leases[address] = content.trimmingWhitespace
        }
        return leases
    }
}
