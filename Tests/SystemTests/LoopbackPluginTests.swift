import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// Our loopback plugin against the reference one, run as runtimes run plugins, in fresh namespaces.
@Suite struct LoopbackPluginTests {
    static func call(_ binary: String, _ command: String, version: String, netns: String) throws -> Command.Output {
        try Command.run([binary], environment: [
            "CNI_COMMAND": command, "CNI_CONTAINERID": "loopback-test", "CNI_NETNS": netns, "CNI_IFNAME": "eth0",
            "CNI_PATH": "/nonexistent",
        ], stdin: #"{"cniVersion":"\#(version)","name":"lonet","type":"loopback"}"#)
    }

    /// The reference loopback (v1.1.1) builds a 1.0.0-shaped result and labels it with the
    /// configuration's version without converting it (`{"cniVersion":"0.2.0","ips":[...]}`).
    /// Ours converts; compare with what the reference meant to print.
    static func correctlyVersioned(_ reference: JSONValue, _ version: String) throws -> JSONValue {
        guard case .object(var object) = reference, let target = CNIVersion(rawValue: version) else { return reference }
        object["cniVersion"] = "1.0.0"
        return try AnyCNIResult(json: .object(object), as: .v1_0_0).converted(to: target).jsonValue
    }

    static func loUp(_ ns: TestNamespace) throws -> Bool {
        let link = try JSONParser.parse(try ns.ipJSON("link", "show", "lo"))
        return link.arrayValue?.first?["flags"]?.arrayValue?.contains("UP") == true
    }

    @Test(arguments: ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"])
    func addMatchesTheReferencePlugin(_ version: String) throws {
        let plugins = try Binaries.pluginDirectory(ours: ["loopback"])
        defer { try? FileSystem.removeTree(plugins) }
        let ns = try TestNamespace()
        let theirs = try Self.call("\(Binaries.referencePluginDirectory)/loopback", "ADD", version: version, netns: ns.path)
        #expect(theirs.succeeded, "\(theirs.stdout)")
        _ = try Self.call("\(Binaries.referencePluginDirectory)/loopback", "DEL", version: version, netns: ns.path)
        #expect(try !Self.loUp(ns))
        let ours = try Self.call("\(plugins)/loopback", "ADD", version: version, netns: ns.path)
        #expect(ours.succeeded, "\(ours.stdout)")
        #expect(try ours.json() == Self.correctlyVersioned(theirs.json(), version))
        #expect(try Self.loUp(ns))
        if version >= "0.4.0" {
            #expect(try Self.call("\(plugins)/loopback", "CHECK", version: version, netns: ns.path).succeeded)
        }
        #expect(try Self.call("\(plugins)/loopback", "DEL", version: version, netns: ns.path).succeeded)
        #expect(try !Self.loUp(ns))
    }

    @Test func checkNoticesLoopbackDown() throws {
        let plugins = try Binaries.pluginDirectory(ours: ["loopback"])
        defer { try? FileSystem.removeTree(plugins) }
        let ns = try TestNamespace()
        let check = try Self.call("\(plugins)/loopback", "CHECK", version: "1.0.0", netns: ns.path)
        #expect(!check.succeeded && check.stdout.contains("loopback interface is down"))
    }

    @Test func deleteSucceedsWhenTheNamespaceIsGoneOrEmpty() throws {
        let plugins = try Binaries.pluginDirectory(ours: ["loopback"])
        defer { try? FileSystem.removeTree(plugins) }
        #expect(try Self.call("\(plugins)/loopback", "DEL", version: "1.0.0", netns: "/var/run/netns/never-existed").succeeded)
        #expect(try Self.call("\(plugins)/loopback", "DEL", version: "1.0.0", netns: "").succeeded)
    }

    @Test func aPathThatIsNotANamespaceIsRefused() throws {
        let plugins = try Binaries.pluginDirectory(ours: ["loopback"])
        defer { try? FileSystem.removeTree(plugins) }
        let output = try Self.call("\(plugins)/loopback", "ADD", version: "1.0.0", netns: "/etc/hostname")
        #expect(!output.succeeded && output.stdout.contains("not a network namespace"), "\(output.stdout)")
        #expect(output.stdout.contains("CNI_NETNS"))
    }

    @Test func gcAndStatusFollowThe110Rules() throws {
        let plugins = try Binaries.pluginDirectory(ours: ["loopback"])
        defer { try? FileSystem.removeTree(plugins) }
        for command in ["GC", "STATUS"] {
            #expect(try Self.call("\(plugins)/loopback", command, version: "1.1.0", netns: "").succeeded)
            let old = try Self.call("\(plugins)/loopback", command, version: "1.0.0", netns: "")
            #expect(!old.succeeded && old.stdout.contains("\"code\": 1"))
        }
    }
}
