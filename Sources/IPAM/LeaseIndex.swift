import LinuxSystem

/// Which lease files may belong to which container, so that DEL, CHECK and the duplicate check
/// of ADD read a handful of files instead of every lease (the reference reads them all, which
/// is what makes it slow with thousands of leases).
///
/// Lives beside the lease directories, never inside them, so the reference plugin sees exactly
/// the files it writes itself: `<dataDir>/.swift-cni-index/<network>/` (network names cannot
/// start with a dot, so this never collides with a network). It holds
/// - `owners/XX`: 16 buckets (`00` to `0f`), chosen by a hash of the container ID, each a list
///   of `address containerID` lines. All of them exist once the index is built, so an ADD only
///   appends to a file: creating one is what costs most on ext4, and with 256 buckets (format 1)
///   most of the first few hundred ADDs on a network created one. 16 buckets still keep a DEL
///   among 10,000 leases to reading about 600 lines;
/// - `state`: the device, inode and modification time of the lease directory as we left it.
///
/// The index is trusted only while the lease directory is exactly as we left it. Every change
/// another writer makes (the reference plugin, an administrator deleting a lease) creates or
/// removes a file there, which sets the directory's modification time to the current time. After
/// each of our own changes we set that time one second into the past and record it: the current
/// time can never equal it again, so any later change by anyone else is detected, however soon
/// it follows ours (a plain "remember the modification time" would miss changes made within one
/// tick of the file-system clock). A mismatch means: rescan the directory and rebuild.
///
/// The index may list more than the truth (a lease released by a crashed run), never less:
/// lines are added after a lease file is created and removed after it is deleted, and every
/// listed lease is checked against the lease file itself before it is used.
///
/// That holds at every instant a writer can be killed at (SIGKILL, when the runtime's timeout
/// fires), though appends and rewrites of a bucket are not atomic (a rewrite in place can leave
/// the new lines followed by the old ones' tail, an append that crosses a page can stop half-way
/// and glue the next line to its fragment). What makes it hold is the order of the steps, not
/// the atomicity of a write: the index is trusted only while `state` matches the lease directory,
/// and
/// 1. every bucket write of a call follows a change of the lease directory in that call (the
///    lease created or removed first), which sets its modification time to now, later than the
///    time the last seal recorded (one second in the past); from then until the next seal,
///    `state` does not match, so other calls rescan instead of reading buckets, and this call
///    reads the buckets it wrote from memory;
/// 2. a rebuild removes `state` before it writes the first bucket;
/// 3. a seal sets the directory's time and writes `state` only after every bucket write of the
///    call has returned; a torn `state` matches no directory.
/// So whenever `state` matches, the buckets are whole and list every lease; a call killed half-
/// way leaves a `state` that does not match, and the next call rescans and rebuilds. Buckets are
/// therefore rewritten in place: replacing one by a renamed temporary file would cost 0.7–1.7 ms
/// per DEL on ext4 (which flushes a file renamed over another, `auto_da_alloc`) and would still
/// leave appends to rule 1 (decision 0015).
final class LeaseIndex {
    /// `<dataDir>/.swift-cni-index/<network>`.
    let root: String
    /// Buckets read so far, by number (an array, not a dictionary, whose first use costs a runtime
    /// conformance search in every plugin process: decision 0014).
    private var buckets = [[Entry]?](repeating: nil, count: LeaseIndex.bucketCount)

    static let bucketCount = 16
    /// Format 2: 16 buckets. A format-1 index (256 buckets) does not match and is rebuilt.
    private static let stateHeader = "swift-cni lease index 2"

    struct Entry: Hashable {
        /// The lease file's name: the address as the reference writes it.
        var address: String
        var containerID: String
    }

    /// Opens (creating) the index of the network whose leases live in `dataDirectory/network`.
    init(dataDirectory: String, network: String) throws {
        root = "\(dataDirectory)/.swift-cni-index/\(network)"
        try FileSystem.createDirectory("\(root)/owners")
    }

    /// Whether the index describes the lease directory in its current `status`.
    func isCurrent(for status: FileStatus) -> Bool {
        guard let text = try? FileIO.readSmallFile("\(root)/state") else { return false }
        return text == Self.stateText(status)
    }

    /// The lease files that may belong to `containerID`.
    func addresses(ofContainer containerID: String) throws -> [String] {
        try bucket(Self.bucketNumber(containerID)).filter { $0.containerID == containerID }.map(\.address)
    }

    /// Records that the lease file `address` belongs to `containerID`.
    func add(address: String, containerID: String) throws {
        let number = Self.bucketNumber(containerID)
        var entries = try bucket(number)
        let entry = Entry(address: address, containerID: containerID)
        guard !entries.contains(entry) else { return }
        try FileIO.append(bucketPath(number), content: Self.line(entry))
        entries.append(entry)
        buckets[number] = entries
    }

    /// Forgets that the lease file `address` belonged to `containerID`.
    func remove(address: String, containerID: String) throws {
        let number = Self.bucketNumber(containerID)
        let entries = try bucket(number)
        let kept = entries.filter { !($0.address == address && $0.containerID == containerID) }
        guard kept.count != entries.count else { return }
        try write(kept, toBucket: number)
        buckets[number] = kept
    }

    /// Replaces the whole index with the given leases (file name → container ID). The state is
    /// removed first, so an interrupted rebuild is never trusted.
    func rebuild(from leases: [(address: String, containerID: String)]) throws {
        try invalidate()
        var grouped: [Int: [Entry]] = [:]
        for lease in leases {
            grouped[Self.bucketNumber(lease.containerID), default: []].append(
                Entry(address: lease.address, containerID: lease.containerID))
        }
        // Every bucket, empty ones too, so that later ADDs never create a file.
        for number in 0..<Self.bucketCount { try write(grouped[number] ?? [], toBucket: number) }
        // Buckets of an earlier format (`10` to `ff`) are never read again.
        let current = Set((0..<Self.bucketCount).map(Self.bucketName))
        for name in (try? FileSystem.listDirectory("\(root)/owners")) ?? [] where !current.contains(name) {
            _ = try? FileIO.remove("\(root)/owners/\(name)")
        }
        buckets = (0..<Self.bucketCount).map { grouped[$0] ?? [] }
    }

    /// Marks the index as not describing the lease directory.
    func invalidate() throws {
        _ = try FileIO.remove("\(root)/state")
    }

    /// Records that the index describes the lease directory: sets the directory's modification
    /// time to one second ago (a time no later change can produce) and remembers it. The state is
    /// written in place: a torn write cannot match a directory and only costs a rescan.
    func seal(leaseDirectory: String) throws {
        var stamp = FileTime.now()
        stamp.seconds -= 1
        try FileSystem.setModificationTime(leaseDirectory, to: stamp)
        // Read it back: the file system may have rounded it.
        let status = try FileStatus(path: leaseDirectory)
        try FileIO.overwrite("\(root)/state", content: Self.stateText(status))
    }

    // MARK: - Buckets

    private func bucketPath(_ number: Int) -> String { "\(root)/owners/" + Self.bucketName(number) }

    /// `00` to `0f`: two hex digits, as format 1 named its 256 buckets.
    private static func bucketName(_ number: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: [digits[number >> 4], digits[number & 15]], as: UTF8.self)
    }

    private func bucket(_ number: Int) throws -> [Entry] {
        if let cached = buckets[number] { return cached }
        var entries: [Entry] = []
        if let text = try FileIO.readSmallFile(bucketPath(number), limit: 16 << 20) {
            for line in text.split(separator: "\n") {
                guard let space = line.firstIndex(of: " ") else { continue }
                entries.append(Entry(address: String(line[..<space]),
                                     containerID: Self.unescape(line[line.index(after: space)...])))
            }
        }
        buckets[number] = entries
        return entries
    }

    /// Rewrites a bucket in place. Creating files is what costs most on a journalling file
    /// system, so files are reused (an empty bucket stays, empty) and not replaced by renaming.
    /// A torn write is harmless: buckets are only rewritten after the lease directory changed,
    /// so until ``seal(leaseDirectory:)`` runs the state does not match and the index is not
    /// trusted (the rules in the type's documentation).
    private func write(_ entries: [Entry], toBucket number: Int) throws {
        try FileIO.overwrite(bucketPath(number), content: entries.map(Self.line).joined())
    }

    private static func line(_ entry: Entry) -> String { "\(entry.address) \(escape(entry.containerID))\n" }

    private static func stateText(_ status: FileStatus) -> String {
        "\(stateHeader)\n\(status.device) \(status.inode) \(status.modificationTime)\n"
    }

    /// FNV-1a of the container ID, folded to a bucket number.
    static func bucketNumber(_ containerID: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in containerID.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int((hash ^ (hash >> 16)) & UInt32(bucketCount - 1))
    }

    /// Container IDs from lease files can hold anything; keep lines one-per-lease by
    /// percent-encoding spaces, control bytes, `%` and non-ASCII.
    static func escape(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            if byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "%") {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unescape(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        var out: [UInt8] = []
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            if byte == UInt8(ascii: "%"), let high = bytes.next(), let low = bytes.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                out.append(value)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
