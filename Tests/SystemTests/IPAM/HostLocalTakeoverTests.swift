import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// Either plugin takes over a network from the other: leases written by one are found,
/// checked and released by the other, round robin continues, and the shared lock holds when
/// both run at once. Plus GC, which the Go plugin (1.1.1) does not have.
@Suite struct HostLocalTakeoverTests {
    static func config(_ dataDirectory: String, version: String = "1.0.0") -> String {
        #"""
        {"cniVersion":"\#(version)","name":"takeover","type":"bridge","ipam":{"type":"host-local","dataDir":"\#(dataDirectory)",
         "ranges":[[{"subnet":"10.88.0.0/29"}],[{"subnet":"fd00:88::/125"}]]}}
        """#
    }

    static func addresses(_ outcome: PluginOutcome) -> [String] {
        outcome.json?["ips"]?.arrayValue?.compactMap { $0["address"]?.stringValue } ?? []
    }

    @Test func roundRobinContinuesAcrossImplementations() throws {
        let scratch = try IPAMScratch()
        let config = Self.config(scratch.dataDirectory("shared"))
        func add(_ implementation: Implementation, _ container: String) throws -> [String] {
            let outcome = try scratch.run(implementation, "ADD", container: container, config: config)
            #expect(outcome.succeeded, "\(implementation) ADD \(container): \(outcome)")
            return Self.addresses(outcome)
        }
        func run(_ implementation: Implementation, _ command: String, _ container: String) throws {
            let outcome = try scratch.run(implementation, command, container: container, config: config)
            #expect(outcome.succeeded, "\(implementation) \(command) \(container): \(outcome)")
        }
        #expect(try add(.go, "c1") == ["10.88.0.2/29", "fd00:88::2/125"])
        #expect(try add(.go, "c2") == ["10.88.0.3/29", "fd00:88::3/125"])
        try run(.ours, "CHECK", "c2")
        try run(.ours, "DEL", "c1")
        // Ours continues after Go's last reservation, not at the address it just released.
        #expect(try add(.ours, "c3") == ["10.88.0.4/29", "fd00:88::4/125"])
        try run(.go, "CHECK", "c3")
        try run(.go, "DEL", "c3")
        #expect(try add(.go, "c4") == ["10.88.0.5/29", "fd00:88::5/125"])
        #expect(try add(.ours, "c5") == ["10.88.0.6/29", "fd00:88::6/125"])
        // Wrap-around: .2 and ::2 (released by us from Go's c1) come back.
        #expect(try add(.ours, "c6") == ["10.88.0.2/29", "fd00:88::7/125"])
        let files = try scratch.snapshot("\(scratch.dataDirectory("shared"))/takeover")
        #expect(files["10.88.0.2"] == "c6\r\neth0" && files["10.88.0.3"] == "c2\r\neth0" && files["10.88.0.4"] == nil)
        #expect(files["last_reserved_ip.0"] == "10.88.0.2" && files["last_reserved_ip.1"] == "fd00:88::7")
    }

    @Test func legacyLeasesAreReleasedLikeTheReference() throws {
        let scratch = try IPAMScratch()
        for implementation in Implementation.allCases {
            let data = scratch.dataDirectory("\(implementation)")
            try FileSystem.createDirectory("\(data)/takeover")
            // A lease from plugin versions before 0.7: the container ID alone.
            try FileSystem.writeFileAtomically("\(data)/takeover/10.88.0.6", Array("c1".utf8))
            let outcome = try scratch.run(implementation, "CHECK", container: "c1", ifname: "eth3", config: Self.config(data))
            #expect(outcome.succeeded, "\(implementation): \(outcome)")
            let added = try scratch.run(implementation, "ADD", container: "c1", ifname: "eth3", config: Self.config(data))
            #expect(!added.succeeded && added.message.contains("duplicate allocation is not allowed"), "\(implementation): \(added)")
            #expect(try scratch.run(implementation, "DEL", container: "c1", ifname: "eth3", config: Self.config(data)).succeeded)
            #expect(try scratch.snapshot("\(data)/takeover")["10.88.0.6"] == nil, "\(implementation)")
        }
    }

    /// Random interleavings of both plugins must leave exactly what the Go plugin alone leaves.
    @Test(arguments: [1, 2, 3, 4])
    func interleavedRunsMatchTheReferenceAlone(_ seed: UInt64) throws {
        let scratch = try IPAMScratch()
        var random = SplitMix64(seed: seed)
        let reference = Self.config(scratch.dataDirectory("reference"))
        let mixed = Self.config(scratch.dataDirectory("mixed"))
        var comparison = Comparison()
        for number in 0..<60 {
            let command = ["ADD", "ADD", "DEL", "CHECK"][Int(random.next() % 4)]
            let container = "c\(random.next() % 6)"
            let ifname = random.next() % 3 == 0 ? "eth1" : "eth0"
            let implementation: Implementation = random.next() % 2 == 0 ? .go : .ours
            let label = "seed \(seed) step \(number): \(implementation) \(command) \(container)/\(ifname)"
            let expected = try scratch.run(.go, command, container: container, ifname: ifname, config: reference)
            let actual = try scratch.run(implementation, command, container: container, ifname: ifname, config: mixed)
            comparison.compare(label, go: expected, ours: actual)
            let referenceFiles = try scratch.snapshot("\(scratch.dataDirectory("reference"))/takeover")
            let mixedFiles = try scratch.snapshot("\(scratch.dataDirectory("mixed"))/takeover")
            comparison.expect(referenceFiles == mixedFiles, "\(label): files differ\n reference: \(referenceFiles)\n mixed: \(mixedFiles)")
        }
        comparison.record()
    }

    /// Both plugins allocating at the same time from one network: the flock on `lock` must
    /// keep every address distinct.
    @Test func concurrentAllocationsShareTheLock() throws {
        let scratch = try IPAMScratch()
        let data = scratch.dataDirectory("concurrent")
        let config = #"{"cniVersion":"1.0.0","name":"busy","type":"bridge","ipam":{"type":"host-local","dataDir":"\#(data)","ranges":[[{"subnet":"10.89.0.0/24"}]]}}"#
        try FileSystem.writeFileAtomically("\(scratch.root)/config.json", Array(config.utf8))
        // Three writers each: Go, ours, Go, ours... 20 ADDs per writer, all in parallel.
        var script = "set -e\n"
        for writer in 0..<6 {
            let plugin = scratch.pluginPath(writer % 2 == 0 ? .go : .ours, "host-local")
            script += """
                (for i in $(seq 1 20); do CNI_COMMAND=ADD CNI_CONTAINERID=w\(writer)c$i CNI_NETNS=/x CNI_IFNAME=eth0 \
                CNI_PATH=/x \(plugin) < \(scratch.root)/config.json > /dev/null || echo "writer \(writer) ADD $i failed"; done) &

                """
        }
        script += "wait\n"
        let output = try Command.run(["bash", "-c", script], timeout: 300)
        #expect(output.stdout.isEmpty && output.succeeded, "\(output.stdout) \(output.stderr)")
        let files = try scratch.snapshot("\(data)/busy")
        let leases = files.filter { $0.key.hasPrefix("10.89.0.") }
        #expect(leases.count == 120)
        #expect(Set(leases.values).count == 120, "a lease was overwritten or doubled")
        // And every lease is found by its owner afterwards, whoever wrote it.
        for writer in [0, 1] {
            for implementation in Implementation.allCases {
                let outcome = try scratch.run(implementation, "CHECK", container: "w\(writer)c7", config: config)
                #expect(outcome.succeeded, "\(implementation) CHECK w\(writer)c7: \(outcome)")
            }
        }
    }

    /// The Go plugin killed between creating a lease and writing it leaves an empty file (mode
    /// 0644 in v1.1.1): Go keeps that address taken for ever, our next allocation reclaims it
    /// (decision 0015), and the Go plugin then finds and releases the lease like its own.
    @Test func anEmptyLeaseAKilledGoPluginLeftIsReclaimed() throws {
        let scratch = try IPAMScratch()
        for implementation in Implementation.allCases {
            let data = scratch.dataDirectory("empty-\(implementation)")
            let config = Self.config(data)
            #expect(try Self.addresses(scratch.run(.go, "ADD", container: "c1", config: config)) == ["10.88.0.2/29", "fd00:88::2/125"])
            // c2's ADD killed inside its first lease write: last_reserved_ip.0 still names .2.
            try FileSystem.writeFileAtomically("\(data)/takeover/10.88.0.3", [], mode: 0o644)
            let added = try scratch.run(implementation, "ADD", container: "c3", config: config)
            let expected = implementation == .ours ? "10.88.0.3/29" : "10.88.0.4/29"
            #expect(Self.addresses(added) == [expected, "fd00:88::3/125"], "\(implementation): \(added)")
        }
        let data = scratch.dataDirectory("empty-ours")
        #expect(try scratch.run(.go, "CHECK", container: "c3", config: Self.config(data)).succeeded)
        #expect(try scratch.run(.go, "DEL", container: "c3", config: Self.config(data)).succeeded)
        let files = try scratch.snapshot("\(data)/takeover")
        #expect(files["10.88.0.3"] == nil && files["fd00:88::3"] == nil && files["10.88.0.2"] == "c1\r\neth0", "\(files)")
    }

    @Test func garbageCollectionReleasesLeasesOfInvalidAttachments() throws {
        let scratch = try IPAMScratch()
        let data = scratch.dataDirectory("gc")
        let config = Self.config(data, version: "1.1.0")
        for (container, ifname) in [("c1", "eth0"), ("c2", "eth0"), ("c3", "eth0"), ("c3", "eth1")] {
            #expect(try scratch.run(.ours, "ADD", container: container, ifname: ifname, config: config).succeeded)
        }
        // A Go-written lease of a container that is gone, and a legacy lease of one that stays.
        let goConfig = Self.config(data, version: "1.0.0")
        #expect(try scratch.run(.go, "ADD", container: "c4", config: goConfig).succeeded)
        try FileSystem.writeFileAtomically("\(data)/takeover/10.88.0.7", Array("c1".utf8))

        var gcConfig = try #require(JSONParser.parse(config).objectValue)
        gcConfig["cni.dev/valid-attachments"] = [["containerID": "c1", "ifname": "eth0"], ["containerID": "c3", "ifname": "eth1"]]
        let outcome = try scratch.run(.ours, "GC", container: "", ifname: "", config: JSONSerializer.string(.object(gcConfig)))
        #expect(outcome.succeeded, "\(outcome)")
        let remaining = try scratch.snapshot("\(data)/takeover").filter { !$0.key.hasPrefix("l") }
        #expect(Set(remaining.values) == ["c1\r\neth0", "c3\r\neth1", "c1"], "\(remaining)")
        #expect(remaining.count == 5)
        // The index followed: the released attachments are gone, the kept ones found, by both.
        #expect(!(try scratch.run(.ours, "CHECK", container: "c2", config: config).succeeded))
        #expect(try scratch.run(.ours, "CHECK", container: "c3", ifname: "eth1", config: config).succeeded)
        #expect(try scratch.run(.go, "CHECK", container: "c3", ifname: "eth1", config: goConfig).succeeded)
        // GC needs a 1.1.0 configuration.
        let old = try scratch.run(.ours, "GC", container: "", ifname: "", config: goConfig)
        #expect(!old.succeeded && old.code == 1, "\(old)")
    }
}

/// A small seeded generator, so a failing interleaving can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
