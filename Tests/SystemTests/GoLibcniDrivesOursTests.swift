import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// Go's libcni (Debian's golang-github-appc-cni-dev, through our small Go driver) runs our plugins.
@Suite struct GoLibcniDrivesOursTests {
    @Test(arguments: ["0.3.1", "0.4.0", "1.0.0"])
    func addCheckDeleteThroughGoLibcni(_ version: String) throws {
        try requireGoHarness()
        let scratch = try InteropScratch(ours: ["loopback"], reference: ["bridge", "host-local", "tuning"])
        try scratch.writeBridgeList(version: version)
        let ns = try TestNamespace()
        let added = try scratch.golibcni("add", "interop", ns.path)
        #expect(added.succeeded, "\(added.stderr)")
        #expect(try added.json()["cniVersion"]?.stringValue == version)
        let lo = try JSONParser.parse(try ns.ipJSON("link", "show", "lo"))
        #expect(lo.arrayValue?.first?["flags"]?.arrayValue?.contains("UP") == true)
        if version >= "0.4.0" {
            let checked = try scratch.golibcni("check", "interop", ns.path)
            #expect(checked.succeeded, "\(checked.stderr)")
        }
        #expect(try scratch.golibcni("del", "interop", ns.path).succeeded)
        #expect(try scratch.golibcni("del", "interop", ns.path).succeeded)
    }

    /// The whole chain ours (loopback, bridge, host-local; Go's tuning stays, as a chained plugin
    /// of another origin), driven by Go's libcni: ADD, CHECK with the cached result, DEL twice.
    @Test(arguments: ["0.3.1", "0.4.0", "1.0.0"])
    func goLibcniDrivesOurBridgeAndHostLocal(_ version: String) throws {
        try requireGoHarness()
        let scratch = try InteropScratch(ours: ["loopback", "bridge", "host-local"], reference: ["tuning"])
        try scratch.writeBridgeList(version: version)
        let a = try TestNamespace(), b = try TestNamespace()
        for ns in [a, b] {
            let added = try scratch.golibcni("add", "interop", ns.path)
            #expect(added.succeeded, "\(added.stderr)")
        }
        let address = try JSONParser.parse(try a.ipJSON("addr", "show", "eth0")).arrayValue?.first?["addr_info"]?
            .arrayValue?.first { $0["family"] == "inet" }?["local"]?.stringValue
        let ping = try b.exec(["busybox", "ping", "-c", "1", "-W", "2", try #require(address)])
        #expect(ping.succeeded, "\(ping.stdout)")
        if version >= "0.4.0" {
            for ns in [a, b] {
                let checked = try scratch.golibcni("check", "interop", ns.path)
                #expect(checked.succeeded, "\(checked.stderr)")
            }
        }
        for ns in [a, b] {
            #expect(try scratch.golibcni("del", "interop", ns.path).succeeded)
            #expect(try scratch.golibcni("del", "interop", ns.path).succeeded)
        }
        let leases = try FileSystem.listDirectory("\(scratch.root)/ipam/interop").filter { $0.hasPrefix("10.") }
        #expect(leases.isEmpty)
    }

    @Test func goLibcniSeesOurVersionsAndCapabilities() throws {
        try requireGoHarness()
        let scratch = try InteropScratch(ours: ["loopback"], reference: ["bridge", "host-local", "tuning"])
        try scratch.writeBridgeList()
        let version = try scratch.golibcni("version", "loopback")
        #expect(version.succeeded)
        #expect(try version.json()["supportedVersions"]?.arrayValue?.contains("1.1.0") == true)
        let validated = try scratch.golibcni("validate", "interop")
        #expect(validated.succeeded, "\(validated.stderr)")
        #expect(try validated.json() == ["mac"])
    }
}
