import CNISpec
import IPAM
import NetAddress
import Testing

/// The allocator against an in-memory store: the reference's round robin, exhaustion, requested
/// addresses, duplicates, several ranges per set and several sets, and rollback.
@Suite struct AllocatorTests {
    static func set(_ definitions: [RangeDefinition], path: String = "ipam.ranges[0]") throws -> RangeSet {
        try RangeSet.validated(definitions, path: path)
    }

    static func config(_ sets: [RangeSet], requested: [String] = []) -> HostLocalConfig {
        HostLocalConfig(name: "n", rangeSets: sets, requestedAddresses: requested.map { IPAddress($0)! })
    }

    static let c1 = LeaseOwner(containerID: "c1", interfaceName: "eth0")

    static func owner(_ n: Int, _ ifname: String = "eth0") -> LeaseOwner {
        LeaseOwner(containerID: "c\(n)", interfaceName: ifname)
    }

    static func allocate(_ allocator: IPAllocator, _ owner: LeaseOwner, _ store: InMemoryLeaseStore,
                         requesting: String? = nil) throws(CNIError) -> String {
        try allocator.allocate(for: owner, requesting: requesting.flatMap { IPAddress($0) }, in: store).address.description
    }

    @Test func roundRobinSkipsTheGatewayAndReleasedAddressesWaitTheirTurn() throws {
        // 10.0.0.0/29: addresses .1-.6, .1 is the gateway.
        let allocator = IPAllocator(rangeSet: try Self.set([RangeDefinition(subnet: "10.0.0.0/29")]), rangeSetIndex: 0)
        let store = InMemoryLeaseStore()
        var got: [String] = []
        for n in 1...3 { got.append(try Self.allocate(allocator, Self.owner(n), store)) }
        #expect(got == ["10.0.0.2/29", "10.0.0.3/29", "10.0.0.4/29"])
        #expect(try store.releaseAll(of: Self.owner(2)) == [IPAddress("10.0.0.3")!])
        // The released .3 is not reused until the range wraps around.
        #expect(try Self.allocate(allocator, Self.owner(4), store) == "10.0.0.5/29")
        #expect(try Self.allocate(allocator, Self.owner(5), store) == "10.0.0.6/29")
        #expect(try Self.allocate(allocator, Self.owner(6), store) == "10.0.0.3/29")
        #expect(store.lastReserved[0] == IPAddress("10.0.0.3"))
        #expect(throws: CNIError.self) { try Self.allocate(allocator, Self.owner(7), store) }
        do {
            _ = try Self.allocate(allocator, Self.owner(7), store)
        } catch {
            #expect(error.message == "no IP addresses available in range set: 10.0.0.1-10.0.0.6")
        }
    }

    @Test func lastReservedOutsideTheSetStartsAtTheBeginning() throws {
        let allocator = IPAllocator(rangeSet: try Self.set([RangeDefinition(subnet: "10.0.0.0/24")]), rangeSetIndex: 0)
        let store = InMemoryLeaseStore(lastReserved: [0: IPAddress("192.168.1.1")!])
        #expect(try Self.allocate(allocator, Self.c1, store) == "10.0.0.2/24")
        let wrapping = InMemoryLeaseStore(lastReserved: [0: IPAddress("10.0.0.254")!])
        #expect(try Self.allocate(allocator, Self.c1, wrapping) == "10.0.0.2/24")
        let middle = InMemoryLeaseStore(lastReserved: [0: IPAddress("10.0.0.99")!])
        #expect(try Self.allocate(allocator, Self.c1, middle) == "10.0.0.100/24")
    }

    @Test func theLastReservedAddressIsTriedLast() throws {
        let allocator = IPAllocator(rangeSet: try Self.set([RangeDefinition(subnet: "10.0.0.0/29")]), rangeSetIndex: 0)
        // Everything but the last reserved address is taken.
        let leases = [2, 3, 5, 6].map { Lease(address: IPAddress("10.0.0.\($0)")!, owner: Self.owner($0)) }
        let store = InMemoryLeaseStore(leases: leases, lastReserved: [0: IPAddress("10.0.0.4")!])
        #expect(try Self.allocate(allocator, Self.c1, store) == "10.0.0.4/29")
        #expect(store.reservationAttempts == 5)
    }

    @Test func iteratorVisitsEveryAddressOnceAcrossRangesSkippingGateways() throws {
        let set = try Self.set([
            RangeDefinition(subnet: "10.0.0.0/29", rangeStart: "10.0.0.2", rangeEnd: "10.0.0.4", gateway: "10.0.0.3"),
            RangeDefinition(subnet: "10.0.1.0/30"),
        ])
        let fromStart = RangeIterator(rangeSet: set, lastReserved: nil).map(\.address.description)
        #expect(fromStart == ["10.0.0.2", "10.0.0.4", "10.0.1.2"])
        let fromMiddle = RangeIterator(rangeSet: set, lastReserved: IPAddress("10.0.0.4")).map(\.address.description)
        #expect(fromMiddle == ["10.0.1.2", "10.0.0.2", "10.0.0.4"])
        // A range holding only its gateway yields nothing and ends.
        let onlyGateway = try Self.set([RangeDefinition(subnet: "10.0.0.0/30", rangeEnd: "10.0.0.1")])
        #expect(Array(RangeIterator(rangeSet: onlyGateway, lastReserved: nil)).isEmpty)
    }

    @Test func severalRangesInASetAreUsedInTurn() throws {
        let allocator = IPAllocator(rangeSet: try Self.set([
            RangeDefinition(subnet: "10.0.0.0/30"), RangeDefinition(subnet: "10.0.1.0/30"),
        ]), rangeSetIndex: 0)
        let store = InMemoryLeaseStore()
        #expect(try Self.allocate(allocator, Self.owner(1), store) == "10.0.0.2/30")
        let second = try allocator.allocate(for: Self.owner(2), in: store)
        #expect(second.address.description == "10.0.1.2/30" && second.gateway == IPAddress("10.0.1.1"))
        #expect(throws: CNIError.self) { try Self.allocate(allocator, Self.owner(3), store) }
    }

    @Test func ipv6() throws {
        let allocator = IPAllocator(rangeSet: try Self.set([RangeDefinition(subnet: "2001:db8:1::/120", rangeEnd: "2001:db8:1::3")]),
                                    rangeSetIndex: 0)
        let store = InMemoryLeaseStore()
        let first = try allocator.allocate(for: Self.owner(1), in: store)
        #expect(first.address.description == "2001:db8:1::2/120" && first.gateway == IPAddress("2001:db8:1::1"))
        #expect(try Self.allocate(allocator, Self.owner(2), store) == "2001:db8:1::3/120")
        #expect(throws: CNIError.self) { try Self.allocate(allocator, Self.owner(3), store) }
    }

    @Test func requestedAddresses() throws {
        let allocator = IPAllocator(rangeSet: try Self.set([RangeDefinition(subnet: "10.0.0.0/24", rangeEnd: "10.0.0.100")]),
                                    rangeSetIndex: 0)
        let store = InMemoryLeaseStore()
        #expect(try Self.allocate(allocator, Self.owner(1), store, requesting: "10.0.0.50") == "10.0.0.50/24")
        #expect(store.lastReserved[0] == IPAddress("10.0.0.50"))
        let failures: [(String, String)] = [
            ("10.0.0.50", "requested IP address 10.0.0.50 is not available in range set 10.0.0.1-10.0.0.100"),
            ("10.0.0.1", "requested ip 10.0.0.1 is subnet's gateway"),
            ("10.0.0.101", "10.0.0.101 not in range set 10.0.0.1-10.0.0.100"),
        ]
        for (address, message) in failures {
            do {
                _ = try Self.allocate(allocator, Self.owner(2), store, requesting: address)
                Issue.record("allocated \(address)")
            } catch {
                #expect(error.message == message)
            }
        }
        // A request is honoured even when the owner already holds an address of the set.
        #expect(try Self.allocate(allocator, Self.owner(1), store, requesting: "10.0.0.51") == "10.0.0.51/24")
    }

    @Test func anOwnerGetsOneAddressPerSet() throws {
        let allocator = IPAllocator(rangeSet: try Self.set([RangeDefinition(subnet: "10.0.0.0/24")]), rangeSetIndex: 0)
        let store = InMemoryLeaseStore(leases: [Lease(address: IPAddress("10.0.0.9")!, content: "legacy")])
        _ = try Self.allocate(allocator, Self.c1, store)
        do {
            _ = try Self.allocate(allocator, Self.c1, store)
            Issue.record("allocated twice")
        } catch {
            #expect(error.message == "10.0.0.2 has been allocated to c1, duplicate allocation is not allowed")
        }
        // Another interface of the same container is another owner...
        #expect(try Self.allocate(allocator, Self.owner(1, "eth1"), store) == "10.0.0.3/24")
        // ...but a legacy lease (container ID only) holds for every interface.
        #expect(throws: CNIError.self) { try Self.allocate(allocator, LeaseOwner(containerID: "legacy", interfaceName: "eth7"), store) }
    }

    @Test func dualStackGetsOneAddressPerSetAndRemembersEachSet() throws {
        let config = Self.config([
            try Self.set([RangeDefinition(subnet: "10.0.0.0/24")]),
            try Self.set([RangeDefinition(subnet: "fd00::/64")], path: "ipam.ranges[1]"),
        ], requested: ["fd00::99"])
        let store = InMemoryLeaseStore()
        let ips = try AddressAllocation.allocate(config, for: Self.c1, in: store)
        #expect(ips.map(\.address.description) == ["10.0.0.2/24", "fd00::99/64"])
        #expect(ips.map { $0.gateway?.description } == ["10.0.0.1", "fd00::1"])
        #expect(store.lastReserved == [0: IPAddress("10.0.0.2")!, 1: IPAddress("fd00::99")!])
        #expect(try AddressAllocation.release(config, for: Self.c1, in: store).count == 2)
        #expect(store.contents.isEmpty)
    }

    @Test func aFailedAddReleasesWhatItTook() throws {
        let full = try Self.set([RangeDefinition(subnet: "10.9.0.0/30")], path: "ipam.ranges[1]")
        let store = InMemoryLeaseStore(leases: [Lease(address: IPAddress("10.9.0.2")!, owner: Self.owner(9))])
        let config = Self.config([try Self.set([RangeDefinition(subnet: "10.0.0.0/24")]), full])
        do {
            _ = try AddressAllocation.allocate(config, for: Self.c1, in: store)
            Issue.record("allocated from a full set")
        } catch {
            #expect(error.message == "failed to allocate for range 1: no IP addresses available in range set: 10.9.0.1-10.9.0.2")
            #expect(error.code == .internal)
        }
        #expect(try store.allLeases().map(\.address.description) == ["10.9.0.2"])

        let unmatched = Self.config([try Self.set([RangeDefinition(subnet: "10.0.0.0/24")])], requested: ["10.0.0.7", "10.5.5.5"])
        do {
            _ = try AddressAllocation.allocate(unmatched, for: Self.c1, in: store)
            Issue.record("allocated with an unmatched request")
        } catch {
            #expect(error.message == "failed to allocate all requested IPs: 10.5.5.5")
        }
        #expect(try store.allLeases().map(\.address.description) == ["10.9.0.2"])
    }

    @Test func releaseFallsBackToLegacyLeasesAsTheReferenceDoes() throws {
        let leases = [
            Lease(address: IPAddress("10.0.0.2")!, owner: Self.c1),
            Lease(address: IPAddress("10.0.0.3")!, content: "c1"),
            Lease(address: IPAddress("10.0.0.4")!, owner: Self.owner(1, "eth1")),
        ]
        let oneSet = Self.config([try Self.set([RangeDefinition(subnet: "10.0.0.0/24")])])
        let store = InMemoryLeaseStore(leases: leases)
        // One range set: the owner's lease only; the legacy one stays while the owner had a lease.
        #expect(try AddressAllocation.release(oneSet, for: Self.c1, in: store) == [IPAddress("10.0.0.2")!])
        #expect(try AddressAllocation.release(oneSet, for: Self.c1, in: store) == [IPAddress("10.0.0.3")!])
        // Two range sets: two passes, so the legacy lease goes in the same DEL.
        let twoSets = Self.config([try Self.set([RangeDefinition(subnet: "10.0.0.0/24")]),
                                   try Self.set([RangeDefinition(subnet: "fd00::/64")], path: "ipam.ranges[1]")])
        let again = InMemoryLeaseStore(leases: leases)
        #expect(try AddressAllocation.release(twoSets, for: Self.c1, in: again).map(\.description) == ["10.0.0.2", "10.0.0.3"])
        #expect(try again.allLeases().map(\.address.description) == ["10.0.0.4"])
        // Releasing what is not there is success.
        #expect(try AddressAllocation.release(twoSets, for: Self.owner(5), in: again).isEmpty)
    }

    @Test func leaseContentFormats() {
        #expect(Self.c1.leaseContent == "c1\r\neth0")
        #expect(Lease(address: IPAddress("10.0.0.1")!, content: " c1\r\neth0\n").holder == .attachment(Self.c1))
        #expect(Lease(address: IPAddress("10.0.0.1")!, content: "c1\n").holder == .container("c1"))
    }
}
