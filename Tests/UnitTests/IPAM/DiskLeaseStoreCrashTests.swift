#if canImport(Glibc)
import Glibc
#endif
import CNISpec
@testable import IPAM
import LinuxSystem
import NetAddress
import TestSupport
import Testing

/// What a writer killed at any instant leaves, and how the next call copes: an empty lease (what
/// a kill between creating and writing a lease left before leases were written atomically, and
/// what the Go plugin still leaves), a stale temporary file, a torn round-robin hint.
@Suite struct DiskLeaseStoreCrashTests {
    static let c1 = LeaseOwner(containerID: "c1", interfaceName: "eth0")
    /// 10.0.0.0/29: .1 is the gateway, .2 to .6 are handed out.
    static func allocator() throws -> IPAllocator {
        IPAllocator(rangeSet: try RangeSet.validated([RangeDefinition(subnet: "10.0.0.0/29")], path: "ipam.ranges[0]"),
                    rangeSetIndex: 0)
    }

    static func plant(_ path: String, _ text: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        try #require(fd >= 0, "create \(path)")
        defer { close(fd) }
        try FileDescriptor(borrowing: fd).writeAll(Array(text.utf8))
        // Exactly `mode`, whatever the umask.
        try #require(fchmod(fd, mode) == 0)
    }

    static func allocate(_ data: String, _ owner: LeaseOwner, creation: FileIO.Creation = .anonymous) throws -> String {
        let allocator = try allocator()
        return try DiskLeaseStoreTests.open(data) { store in
            store.creation = creation
            return try allocator.allocate(for: owner, in: store).address.address.description
        }
    }

    @Test(arguments: [true, false])
    func anEmptyLeaseLeftByAKilledWriterIsReclaimed(indexTrusted: Bool) throws {
        try DiskLeaseStoreTests.withDataDirectory { data in
            let lease = "\(data)/net1/10.0.0.2"
            if indexTrusted {
                // An index that describes the directory: planting the file below changes the
                // directory, but the point is that reclaiming works either way.
                _ = try DiskLeaseStoreTests.open(data) { _ in }
            } else {
                try FileSystem.createDirectory("\(data)/net1")
            }
            try Self.plant(lease, "", mode: 0o600)
            #expect(try Self.allocate(data, Self.c1) == "10.0.0.2")
            #expect(try DiskLeaseStoreTests.read(lease) == "c1\r\neth0")
            // DEL finds the lease and releases it.
            #expect(try DiskLeaseStoreTests.open(data) { try $0.releaseAll(of: Self.c1) } == [IPAddress("10.0.0.2")!])
            #expect(!FileSystem.exists(lease))
        }
    }

    @Test func onlyEmptyLeasesAreReclaimed() throws {
        try DiskLeaseStoreTests.withDataDirectory { data in
            try FileSystem.createDirectory("\(data)/net1")
            // Content without an owner, a legacy lease, a directory: kept.
            try Self.plant("\(data)/net1/10.0.0.2", " \n", mode: 0o600)
            try Self.plant("\(data)/net1/10.0.0.3", "c7", mode: 0o600)
            try FileSystem.createDirectory("\(data)/net1/10.0.0.4")
            // What the Go plugin v1.1.1 leaves when killed mid-write (it creates leases 0644).
            try Self.plant("\(data)/net1/10.0.0.5", "", mode: 0o644)
            #expect(try Self.allocate(data, Self.c1) == "10.0.0.5")
            #expect(try DiskLeaseStoreTests.read("\(data)/net1/10.0.0.5") == "c1\r\neth0")
            #expect(try DiskLeaseStoreTests.read("\(data)/net1/10.0.0.2") == " \n")
            #expect(try DiskLeaseStoreTests.read("\(data)/net1/10.0.0.3") == "c7")
            #expect(FileSystem.isDirectory("\(data)/net1/10.0.0.4"))
        }
    }

    @Test func aStaleTemporaryFileIsRemovedByTheNextCall() throws {
        try DiskLeaseStoreTests.withDataDirectory { data in
            _ = try DiskLeaseStoreTests.open(data) { try $0.reserve(IPAddress("10.0.0.2")!, for: Self.c1, rangeSetIndex: 0) }
            // A writer killed between writing its temporary file and linking it (no O_TMPFILE).
            let temporary = "\(data)/net1/\(DiskLeaseStore.temporaryName)"
            try Self.plant(temporary, "c2\r\neth0", mode: 0o600)
            let c2 = LeaseOwner(containerID: "c2", interfaceName: "eth0")
            // Not a lease, and gone after any call: here a DEL of the killed writer's container.
            #expect(try DiskLeaseStoreTests.open(data) { try $0.releaseAll(of: c2) }.isEmpty)
            #expect(!FileSystem.exists(temporary))
            #expect(try DiskLeaseStoreTests.open(data) { try $0.allLeases() } == [Lease(address: IPAddress("10.0.0.2")!, owner: Self.c1)])
        }
    }

    @Test func unnamedFilesWorkWhereTheTestsRun() throws {
        // Otherwise the `.anonymous` case below silently tests the fallback (ext4 and tmpfs have O_TMPFILE).
        try DiskLeaseStoreTests.withDataDirectory { data throws in
            #expect(FileIO.createAnonymously("\(data)/a", content: "x", directory: data, mode: 0o600) == true)
            #expect(FileIO.createAnonymously("\(data)/a", content: "y", directory: data, mode: 0o600) == false)
            #expect(try DiskLeaseStoreTests.read("\(data)/a") == "x")
            #expect(try FileSystem.listDirectory(data) == ["a"])
        }
    }

    @Test(arguments: [FileIO.Creation.anonymous, .namedTemporary])
    func leasesAreCreatedWholeAndOnlyOnce(_ creation: FileIO.Creation) throws {
        try DiskLeaseStoreTests.withDataDirectory { data in
            let owners = (1...5).map { LeaseOwner(containerID: "c\($0)", interfaceName: "eth0") }
            let got = try owners.map { try Self.allocate(data, $0, creation: creation) }
            #expect(got == ["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"])
            let names = try FileSystem.listDirectory("\(data)/net1").sorted()
            #expect(names == ["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6", "last_reserved_ip.0", "lock"])
            var info = stat()
            #expect(stat("\(data)/net1/10.0.0.4", &info) == 0 && info.st_mode & 0o7777 == 0o600 && info.st_nlink == 1)
            #expect(try DiskLeaseStoreTests.read("\(data)/net1/10.0.0.4") == "c3\r\neth0")
            // An address that is taken stays with its holder.
            #expect(try DiskLeaseStoreTests.open(data) { store in
                store.creation = creation
                return try store.reserve(IPAddress("10.0.0.4")!, for: Self.c1, rangeSetIndex: 0)
            } == false)
            #expect(try DiskLeaseStoreTests.read("\(data)/net1/10.0.0.4") == "c3\r\neth0")
            #expect(throws: CNIError.self) { try Self.allocate(data, Self.c1, creation: creation) }
        }
    }

    /// `last_reserved_ip.N` is written in place: a kill between the write and the cut leaves
    /// the new address followed by the old one's tail. Whatever it holds, allocation still finds
    /// the free addresses.
    @Test(arguments: ["", "garbage", "10.0.0.25", "10.0.0.0", "10.0.0.7", "10.0.0.1", "10.0.0.6", "fd00::3",
                      "10.0.0.410.0.0.2", "10.0.0.3\n"])
    func aTornRoundRobinHintNeverBreaksAllocation(_ hint: String) throws {
        try DiskLeaseStoreTests.withDataDirectory { data in
            let owners = (1...4).map { LeaseOwner(containerID: "c\($0)", interfaceName: "eth0") }
            for owner in owners { _ = try Self.allocate(data, owner) }
            #expect(try DiskLeaseStoreTests.open(data) { try $0.releaseAll(of: owners[1]) } == [IPAddress("10.0.0.3")!])
            try FileSystem.writeFileAtomically("\(data)/net1/last_reserved_ip.0", Array(hint.utf8))
            #expect(try Self.allocate(data, LeaseOwner(containerID: "c8", interfaceName: "eth0")) == "10.0.0.3",
                    "hint \(hint.debugDescription)")
            #expect(try Self.allocate(data, LeaseOwner(containerID: "c9", interfaceName: "eth0")) == "10.0.0.6")
        }
    }
}
