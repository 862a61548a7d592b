import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// `macspoofchk: true`: a container that changes its MAC can no longer reach its gateway, one
/// without the check can; DEL removes the chains and the jump.
@Suite struct BridgeSpoofCheckTests {
    static func setMAC(_ container: TestNamespace, _ mac: String) throws {
        try Command.check(["ip", "-n", container.name, "link", "set", "eth0", "address", mac])
    }

    @Test func aContainerWithAnotherMACIsCutOff() throws {
        let bed = try FirewallTestbed(octet: 110)
        let checked = try bed.container(), unchecked = try bed.container()
        let gateway = "10.250.110.1"
        let config = bed.config(#""macspoofchk":true,"#)
        let result = try bed.add(config, container: checked, id: "nf-spoof")
        try bed.add(bed.config(""), container: unchecked, id: "nf-free")
        let mac = try #require(result["interfaces"]?.arrayValue?.first { $0["sandbox"] != nil }?["mac"]?.stringValue)
        #expect(try bed.reaches(from: checked, gateway))

        let table = try Command.check(["ip", "netns", "exec", bed.host.name, "nft", "-j", "list", "table", "bridge", "nat"])
        #expect(table.contains("cni-br-iface-nf-spoof-eth0-mac"))
        #expect(try bed.rules(commented: "macspoofchk-nf-spoof-eth0").count == 4)

        // Both change their MAC; the host forgets the old neighbours.
        try Self.setMAC(checked, "02:00:0a:fa:6e:aa")
        try Self.setMAC(unchecked, "02:00:0a:fa:6e:bb")
        try Command.check(["ip", "-n", bed.host.name, "neigh", "flush", "dev", "nfbr0"])
        #expect(try !bed.reaches(from: checked, gateway))
        #expect(try bed.reaches(from: unchecked, gateway))

        // The container's own MAC gets through again.
        try Self.setMAC(checked, mac)
        try Command.check(["ip", "-n", bed.host.name, "neigh", "flush", "dev", "nfbr0"])
        #expect(try bed.reaches(from: checked, gateway))

        let output = try bed.plugin("DEL", config, container: checked, id: "nf-spoof")
        #expect(output.succeeded, "\(output.stderr)\(output.stdout)")
        #expect(try bed.rules(commented: "macspoofchk-nf-spoof-eth0").isEmpty)
        let after = try Command.check(["ip", "netns", "exec", bed.host.name, "nft", "-j", "list", "table", "bridge", "nat"])
        #expect(!after.contains("cni-br-iface-nf-spoof-eth0"))
        #expect(try bed.plugin("DEL", config, container: checked, id: "nf-spoof").succeeded)
    }
}
