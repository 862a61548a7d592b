import CNISpec
import IPAM
import NetAddress
import Testing

@Suite struct GarbageCollectionTests {
    static func lease(_ last: Int, _ content: String) -> Lease {
        Lease(address: IPAddress("10.0.0.\(last)")!, content: content)
    }

    @Test func staleLeasesAreThoseNoValidAttachmentHolds() {
        let leases = [
            Self.lease(2, "c1\r\neth0"),  // valid
            Self.lease(3, "c1\r\neth1"),  // c1 is valid, but not on eth1
            Self.lease(4, "c2\r\neth0"),  // c2 is gone
            Self.lease(5, "c1"),          // legacy: any interface of c1 keeps it
            Self.lease(6, "c3"),          // legacy of a gone container
            Self.lease(7, ""),            // no owner at all
        ]
        let valid = [GCAttachment(containerID: "c1", interfaceName: "eth0"), GCAttachment(containerID: "c9", interfaceName: "eth0")]
        let stale = GarbageCollection.staleLeases(leases, validAttachments: valid)
        #expect(stale.map(\.address.description) == ["10.0.0.3", "10.0.0.4", "10.0.0.6", "10.0.0.7"])
        #expect(GarbageCollection.staleLeases(leases, validAttachments: []).count == leases.count)
    }

    @Test func collectReleasesTheStaleOnes() throws {
        let store = InMemoryLeaseStore(leases: [Self.lease(2, "c1\r\neth0"), Self.lease(3, "c2\r\neth0")])
        let released = try GarbageCollection.collect(in: store, validAttachments: [GCAttachment(containerID: "c1", interfaceName: "eth0")])
        #expect(released.map(\.address.description) == ["10.0.0.3"])
        #expect(try store.allLeases().map(\.address.description) == ["10.0.0.2"])
    }
}

@Suite struct ResolvConfTests {
    @Test func readsWhatTheReferenceReads() {
        let dns = ResolvConf.parse("""
            # comment
            ; another
            nameserver 10.0.0.53
            nameserver   fd00::53  # trailing words are ignored
            domain example.com
            search a.example b.example
            search c.example
            options ndots:2 edns0
            sortlist 10.0.0.0
            nameserver
            \tdomain  last.example\r
            """)
        #expect(dns.nameservers == ["10.0.0.53", "fd00::53"])
        #expect(dns.domain == "last.example")
        #expect(dns.search == ["a.example", "b.example", "c.example"])
        #expect(dns.options == ["ndots:2", "edns0"])
    }
}
