import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// `ipMasq: true` on our bridge, with the "host" in a test namespace: traffic from a container
/// reaches an outside server from the host's address; DEL, a failed ADD and GC leave exactly the
/// rules they should.
@Suite struct BridgeMasqueradeTests {
    @Test func outsideServersSeeTheHostsAddressUntilDel() throws {
        let bed = try FirewallTestbed(octet: 100)
        let config = bed.config(#""ipMasq":true,"#)
        let container = try bed.container()
        let result = try bed.add(config, container: container, id: "nf-masq-1")
        let addresses = result["ips"]?.arrayValue?.compactMap { $0["address"]?.stringValue } ?? []
        #expect(addresses.contains { $0.hasPrefix("10.250.100.") } && addresses.contains { $0.hasPrefix("fd00:250:100:100:") })

        let comment = "net: nfnet, if: eth0, id: nf-masq-1"
        let rules = try bed.rules(commented: comment)
        #expect(rules.count == 2, "one rule per address: \(rules)")
        #expect(rules.allSatisfy { $0["table"]?.stringValue == "cni_plugins_masquerade" && $0["chain"]?.stringValue == "masq_checks" })
        #expect(try bed.sourceSeenOutside(from: container, port: 41001) == bed.hostOutsideAddress)
        #expect(try bed.sourceSeenOutside(from: container, port: 41004, to: bed.outsideAddress6) == bed.hostOutsideAddress6)

        #expect(try bed.plugin("DEL", config, container: container, id: "nf-masq-1").succeeded)
        #expect(try bed.rules(commented: comment).isEmpty)
        // DEL again, and DEL without a namespace, still succeed.
        #expect(try bed.plugin("DEL", config, container: container, id: "nf-masq-1").succeeded)
        #expect(try bed.plugin("DEL", config, container: nil, id: "nf-masq-1").succeeded)
    }

    @Test func delRemovesOnlyItsOwnContainersRulesEvenWhenTheNamespaceIsGone() throws {
        let bed = try FirewallTestbed(octet: 102)
        let config = bed.config(#""ipMasq":true,"#)
        let first = try bed.container(), second = try TestNamespace(prefix: "nfc")
        try bed.add(config, container: first, id: "nf-keep")
        try bed.add(config, container: second, id: "nf-gone")
        try Command.check(["ip", "netns", "del", second.name])  // the container is gone
        let output = try bed.plugin("DEL", config, container: nil, id: "nf-gone")
        #expect(output.succeeded, "\(output.stderr)\(output.stdout)")
        #expect(try bed.rules(commented: "id: nf-gone").isEmpty)
        #expect(try bed.rules(commented: "id: nf-keep").count == 2)
        #expect(try bed.sourceSeenOutside(from: first, port: 41002) == bed.hostOutsideAddress)
    }

    @Test func gcKeepsTheValidAttachmentsOnly() throws {
        let bed = try FirewallTestbed(octet: 104)
        let config = bed.config(#""ipMasq":true,"#, version: "1.1.0")
        let kept = try bed.container(), collected = try bed.container()
        try bed.add(config, container: kept, id: "nf-gc-a")
        try bed.add(config, container: collected, id: "nf-gc-b")
        #expect(try bed.reaches(from: collected, bed.outsideAddress))
        // Another network's rules are not this GC's business.
        try bed.add(bed.config(#""ipMasq":true,"#, version: "1.1.0", name: "nfother").replacingAll("nfbr0", with: "nfbr1")
            .replacingAll("10.250.104.", with: "10.250.106.").replacingAll("fd00:250:100:104:", with: "fd00:250:100:106:"),
            container: try bed.container(), id: "nf-gc-other")
        let gcConfig = config.replacingAll(#""ipMasq":true,"#, with: #""ipMasq":true,"cni.dev/valid-attachments":[{"containerID":"nf-gc-a","ifname":"eth0"}],"#)
        let output = try bed.plugin("GC", gcConfig, container: nil, id: "")
        #expect(output.succeeded, "\(output.stderr)\(output.stdout)")
        #expect(try bed.rules(commented: "id: nf-gc-a").count == 2)
        #expect(try bed.rules(commented: "id: nf-gc-b").isEmpty)
        #expect(try bed.rules(commented: "id: nf-gc-other").count == 2)
        // Without its rule a container gets no answer from outside (which has no route back to
        // the containers); the kept one still does.
        #expect(try !bed.reaches(from: collected, bed.outsideAddress))
        #expect(try bed.reaches(from: kept, bed.outsideAddress))
    }

    /// IPAM fails after the veth and the spoof check exist: nothing of the attachment remains.
    @Test func aFailedAddLeavesNoRule() throws {
        let bed = try FirewallTestbed(octet: 108)
        let container = try bed.container()
        let config = bed.config(#""ipMasq":true,"macspoofchk":true,"#).replacingAll(#""type":"host-local""#, with: #""type":"nf-missing-ipam""#)
        let output = try bed.plugin("ADD", config, container: container, id: "nf-fail")
        #expect(!output.succeeded)
        #expect(try bed.rules(commented: "nf-fail").isEmpty)
        let links = try Command.check(["ip", "-n", bed.host.name, "-j", "link", "show"])
        #expect(!links.contains("\"veth"), "no veth left: \(links)")
        #expect(try container.ipJSON("link", "show").contains("eth0") == false)
    }

    /// The masquerade transaction itself fails (a regular chain sits where the base chain goes):
    /// ADD fails naming the refused change, and the spoof check, the veth and the lease made
    /// before it are undone; the refused transaction left no rule either.
    @Test func aFailedMasqueradeUndoesTheWholeAdd() throws {
        let bed = try FirewallTestbed(octet: 118)
        try Command.check(["ip", "netns", "exec", bed.host.name, "nft", "add", "table", "inet", "cni_plugins_masquerade"])
        try Command.check(["ip", "netns", "exec", bed.host.name, "nft", "add", "chain", "inet", "cni_plugins_masquerade", "postrouting"])
        let container = try bed.container()
        let output = try bed.plugin("ADD", bed.config(#""ipMasq":true,"macspoofchk":true,"#), container: container, id: "nf-undo")
        #expect(!output.succeeded)
        #expect(output.stdout.contains("add chain inet cni_plugins_masquerade postrouting"), "\(output.stdout)")
        #expect(try bed.rules(commented: "nf-undo").isEmpty)
        let remaining = try bed.rules()
        #expect(remaining.isEmpty, "the refused transaction added nothing: \(remaining)")
        let links = try Command.check(["ip", "-n", bed.host.name, "-j", "link", "show"])
        #expect(!links.contains("\"veth"), "no veth left: \(links)")
        let leases = try Command.check(["find", bed.dataDirectory, "-type", "f", "-name", "10.250.*"])
        #expect(leases.isEmpty, "no lease left: \(leases)")
    }
}
