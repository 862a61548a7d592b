import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// Our runtime (cnitool) and Go's libcni, each driving the Go reference plugins, against the
/// real kernel: same results, same kernel state, and each reads the other's result cache.
@Suite struct RuntimeInteropTests {
    @Test func ourRuntimeDrivesTheReferencePlugins() throws {
        let scratch = try InteropScratch()
        try scratch.writeBridgeList()
        let a = try TestNamespace(), b = try TestNamespace()
        let added = try scratch.cnitool("add", "interop", a.path, extra: ["CAP_ARGS": #"{"mac":"02:00:00:00:aa:01"}"#])
        #expect(added.succeeded, "\(added.stderr)")
        let result = try added.json()
        #expect(result["cniVersion"] == "1.0.0")
        let address = try #require(result["ips"]?.arrayValue?.first?["address"]?.stringValue)
        #expect(address.hasPrefix("10.250.\(scratch.subnetIndex)."))
        // The kernel agrees with the result: the address and the MAC from CAP_ARGS are on eth0.
        let eth0 = try JSONParser.parse(try a.ipJSON("addr", "show", "eth0"))
        let info = try #require(eth0.arrayValue?.first)
        #expect(info["address"] == "02:00:00:00:aa:01")
        #expect(info["addr_info"]?.arrayValue?.contains { "\($0["local"]?.stringValue ?? "")/\($0["prefixlen"]?.numberValue?.literal ?? "")" == address } == true)
        let checked = try scratch.cnitool("check", "interop", a.path)
        #expect(checked.succeeded, "\(checked.stderr)")
        // (Checked before a second port joins: the reference bridge records the bridge's MAC, which
        // the kernel changes when a port with a lower MAC is added, and its CHECK then fails.)
        // CHECK notices what changed behind its back.
        try Command.check(["ip", "-n", a.name, "addr", "del", address, "dev", "eth0"])
        let broken = try scratch.cnitool("check", "interop", a.path)
        #expect(!broken.succeeded && broken.stderr.contains(address), "\(broken.stderr)")
        try Command.check(["ip", "-n", a.name, "addr", "add", address, "dev", "eth0"])
        #expect(try scratch.cnitool("add", "interop", b.path).succeeded)
        // Traffic crosses the bridge between the two namespaces.
        let ping = try b.exec(["busybox", "ping", "-c", "1", "-W", "2", String(address.split(separator: "/")[0])])
        #expect(ping.succeeded, "\(ping.stdout)\(ping.stderr)")
        for ns in [a, b] {
            #expect(try scratch.cnitool("del", "interop", ns.path).succeeded)
            #expect(try scratch.cnitool("del", "interop", ns.path).succeeded, "DEL must be idempotent")
        }
        #expect(try !Command.run(["ip", "-n", a.name, "link", "show", "eth0"]).succeeded)
        #expect(try FileSystem.listDirectory("\(scratch.root)/cache/results").isEmpty)
    }

    @Test func eachRuntimeReadsTheOthersCache() throws {
        try requireGoHarness()
        let scratch = try InteropScratch()
        try scratch.writeBridgeList()
        let ours = try TestNamespace(), theirs = try TestNamespace()
        // We add; Go reads our cache, checks and deletes with it.
        let added = try scratch.cnitool("add", "interop", ours.path)
        #expect(added.succeeded, "\(added.stderr)")
        let cachedByGo = try scratch.golibcni("cached", "interop", ours.path)
        #expect(cachedByGo.succeeded, "\(cachedByGo.stderr)")
        #expect(try cachedByGo.json()["ips"] == (try added.json())["ips"])
        #expect(try scratch.golibcni("check", "interop", ours.path).succeeded)
        #expect(try scratch.golibcni("del", "interop", ours.path).succeeded)
        #expect(try FileSystem.listDirectory("\(scratch.root)/cache/results").isEmpty)
        // Go adds; we check and delete with Go's cache.
        let goAdded = try scratch.golibcni("add", "interop", theirs.path)
        #expect(goAdded.succeeded, "\(goAdded.stderr)")
        #expect(try scratch.cnitool("check", "interop", theirs.path).succeeded)
        #expect(try scratch.cnitool("del", "interop", theirs.path).succeeded)
        #expect(try FileSystem.listDirectory("\(scratch.root)/cache/results").isEmpty)
        // host-local released both leases: only its lock and last-reserved files remain.
        let leases = try FileSystem.listDirectory("\(scratch.root)/ipam/interop").filter { $0.hasPrefix("10.") }
        #expect(leases.isEmpty, "\(leases)")
    }

    @Test(arguments: ["0.3.1", "0.4.0", "1.0.0"])
    func resultsMatchGoFieldByField(_ version: String) throws {
        try requireGoHarness()
        let scratch = try InteropScratch()
        try scratch.writeBridgeList(version: version)
        let ours = try TestNamespace(), theirs = try TestNamespace()
        defer {
            _ = try? scratch.cnitool("del", "interop", ours.path)
            _ = try? scratch.golibcni("del", "interop", theirs.path)
        }
        let a = try scratch.cnitool("add", "interop", ours.path)
        let b = try scratch.golibcni("add", "interop", theirs.path)
        #expect(a.succeeded && b.succeeded, "\(a.stderr) \(b.stderr)")
        #expect(Self.normalized(try a.json(), ours.path) == Self.normalized(try b.json(), theirs.path))
        // Both cached the same shape under Go's file names.
        let files = try FileSystem.listDirectory("\(scratch.root)/cache/results").sorted()
        #expect(files.count == 2 && files.allSatisfy { $0.hasPrefix("interop-cnitool-") && $0.hasSuffix("-eth0") })
    }

    /// Replaces what differs between two attachments by nature (MACs, generated names, the
    /// namespace, the allocated address's last octet) so the rest can be compared exactly.
    static func normalized(_ value: JSONValue, _ netns: String) -> JSONValue {
        switch value {
        case .object(let object):
            var copy = JSONObject()
            for member in object.members.sorted(by: { $0.key < $1.key }) {
                switch member.key {
                case "mac": copy[member.key] = "MAC"
                case "sandbox": copy[member.key] = .string(member.value.stringValue == netns ? "NETNS" : "OTHER")
                case "name" where member.value.stringValue?.hasPrefix("veth") == true: copy[member.key] = "VETH"
                case "address": copy[member.key] = .string(member.value.stringValue.map { $0.split(separator: ".").dropLast().joined(separator: ".") } ?? "")
                default: copy[member.key] = normalized(member.value, netns)
                }
            }
            return .object(copy)
        case .array(let elements):
            return .array(elements.map { normalized($0, netns) })
        default:
            return value
        }
    }
}
