#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import IPAM
import LinuxSystem
import NetAddress
import TestSupport
import Testing

/// The disk store: Go's file format, and an index that notices every change made behind its back.
@Suite struct DiskLeaseStoreTests {
    static let c1 = LeaseOwner(containerID: "c1", interfaceName: "eth0")

    /// A fresh data directory, removed afterwards.
    static func withDataDirectory(_ body: (String) throws -> Void) throws {
        let directory = try Fixtures.temporaryDirectory("swiftcni-leases")
        defer { try? FileSystem.removeTree(directory) }
        try body(directory)
    }

    static func open<R>(_ dataDirectory: String, _ body: (DiskLeaseStore) throws -> R) throws -> R {
        try DiskLeaseStore.withStore(network: "net1", dataDirectory: dataDirectory, body)
    }

    static func read(_ path: String) throws -> String { String(decoding: try FileSystem.readFile(path), as: UTF8.self) }

    static func write(_ path: String, _ text: String) throws { try FileSystem.writeFile(path, Array(text.utf8)) }

    static func create(_ path: String, _ text: String) throws {
        try FileDescriptor.open(path, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600).writeAll(Array(text.utf8))
    }

    @Test func writesTheReferenceFormat() throws {
        try Self.withDataDirectory { data in
            let reserved = try Self.open(data) { try $0.reserve(IPAddress("fd00::a")!, for: Self.c1, rangeSetIndex: 1) }
            #expect(reserved)
            let names = try FileSystem.listDirectory("\(data)/net1").sorted()
            #expect(names == ["fd00::a", "last_reserved_ip.1", "lock"])
            #expect(try Self.read("\(data)/net1/fd00::a") == "c1\r\neth0")
            #expect(try Self.read("\(data)/net1/last_reserved_ip.1") == "fd00::a")
            #expect(try Self.open(data) { try $0.reserve(IPAddress("fd00::a")!, for: Self.c1, rangeSetIndex: 1) } == false)
            #expect(try Self.open(data) { try $0.lastReservedAddress(rangeSetIndex: 1) } == IPAddress("fd00::a"))
        }
    }

    @Test func lastReservedIsReadAsGoReadsIt() throws {
        try Self.withDataDirectory { data in
            _ = try Self.open(data) { _ in }
            try Self.create("\(data)/net1/last_reserved_ip.0", "10.0.0.5\n")
            #expect(try Self.open(data) { try $0.lastReservedAddress(rangeSetIndex: 0) } == nil)
            #expect(try Self.open(data) { try $0.lastReservedAddress(rangeSetIndex: 3) } == nil)
        }
    }

    @Test func leasesCreatedByAnotherWriterAreFound() throws {
        try Self.withDataDirectory { data in
            _ = try Self.open(data) { try $0.reserve(IPAddress("10.0.0.2")!, for: Self.c1, rangeSetIndex: 0) }
            // What the Go plugin does, right after us (well within one clock tick).
            try Self.create("\(data)/net1/10.0.0.3", "c2\r\neth0")
            try Self.create("\(data)/net1/10.0.0.4", "c1")
            let c2 = LeaseOwner(containerID: "c2", interfaceName: "eth0")
            #expect(try Self.open(data) { try $0.addresses(heldBy: c2) } == [IPAddress("10.0.0.3")!])
            #expect(try Self.open(data) { try $0.addresses(heldBy: Self.c1) }.map(\.description) == ["10.0.0.2", "10.0.0.4"])
        }
    }

    @Test func aLeaseRecreatedForAnotherOwnerIsNoticed() throws {
        try Self.withDataDirectory { data in
            _ = try Self.open(data) { try $0.reserve(IPAddress("10.0.0.2")!, for: Self.c1, rangeSetIndex: 0) }
            // Another writer releases c1's lease and gives the same address (often the same
            // inode) to c2: same names in the directory, different owner.
            _ = try FileIO_remove("\(data)/net1/10.0.0.2")
            try Self.create("\(data)/net1/10.0.0.2", "c2\r\neth0")
            let c2 = LeaseOwner(containerID: "c2", interfaceName: "eth0")
            #expect(try Self.open(data) { try $0.holdsLease(c2) })
            #expect(try Self.open(data) { try $0.holdsLease(Self.c1) } == false)
            #expect(try Self.open(data) { try $0.releaseAll(of: c2) } == [IPAddress("10.0.0.2")!])
        }
    }

    @Test func aStaleIndexEntryIsCheckedAgainstTheLeaseFile() throws {
        try Self.withDataDirectory { data in
            _ = try Self.open(data) { try $0.reserve(IPAddress("10.0.0.2")!, for: Self.c1, rangeSetIndex: 0) }
            // Content rewritten in place: the directory does not change, the index still lists
            // the lease under c1, and the check against the file refuses it.
            try Self.write("\(data)/net1/10.0.0.2", "c9\r\neth0")
            #expect(try Self.open(data) { try $0.holdsLease(Self.c1) } == false)
            #expect(try Self.open(data) { try $0.releaseAll(of: Self.c1) }.isEmpty)
            #expect(FileSystem.exists("\(data)/net1/10.0.0.2"))
        }
    }

    @Test func onlyFilesNamedByAnAddressAreLeases() throws {
        try Self.withDataDirectory { data in
            _ = try Self.open(data) { _ in }
            try Self.create("\(data)/net1/notes", "c1\r\neth0")
            try Self.create("\(data)/net1/010.0.0.1", "c1\r\neth0")
            try Self.create("\(data)/net1/10.0.0.7", "  c1\r\neth0\n")
            try FileSystem.createDirectory("\(data)/net1/10.0.0.8")
            let leases = try Self.open(data) { try $0.allLeases() }
            #expect(leases == [Lease(address: IPAddress("10.0.0.7")!, owner: Self.c1)])
        }
    }

    @Test func releaseChecksTheContent() throws {
        try Self.withDataDirectory { data in
            let address = IPAddress("10.0.0.2")!
            _ = try Self.open(data) { try $0.reserve(address, for: Self.c1, rangeSetIndex: 0) }
            #expect(try Self.open(data) { try $0.release(address, ifContent: "c2\r\neth0") } == false)
            #expect(try Self.open(data) { try $0.release(address, ifContent: "c1\r\neth0") })
            #expect(try Self.open(data) { try $0.release(address, ifContent: "c1\r\neth0") } == false)
            #expect(try Self.open(data) { try $0.allLeases() }.isEmpty)
        }
    }

    @Test func manyLeasesRoundTripThroughTheIndex() throws {
        try Self.withDataDirectory { data in
            let owners = (0..<300).map { LeaseOwner(containerID: "ctr\($0)", interfaceName: $0 % 2 == 0 ? "eth0" : "net1") }
            try Self.open(data) { store throws in
                for (n, owner) in owners.enumerated() {
                    #expect(try store.reserve(IPAddress("10.1.\(n / 250).\(n % 250 + 1)")!, for: owner, rangeSetIndex: 0))
                }
            }
            // A fresh open trusts the index; every owner finds exactly its lease.
            try Self.open(data) { store throws in
                for (n, owner) in owners.enumerated() {
                    #expect(try store.addresses(heldBy: owner) == [IPAddress("10.1.\(n / 250).\(n % 250 + 1)")!])
                }
                for owner in owners where owner.interfaceName == "net1" { _ = try store.releaseAll(of: owner) }
            }
            #expect(try Self.open(data) { try $0.allLeases() }.count == 150)
            // The index gone altogether: rebuilt from the directory.
            try FileSystem.removeTree("\(data)/.swift-cni-index")
            #expect(try Self.open(data) { try $0.holdsLease(owners[0]) })
            #expect(try Self.open(data) { try $0.holdsLease(owners[1]) } == false)
        }
    }
}

/// Removes a file as another writer would.
private func FileIO_remove(_ path: String) throws -> Bool {
    try FileSystem.removeFile(path)
    return true
}
