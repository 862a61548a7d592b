import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// `ipMasq: true` through Debian's reference bridge (v1.1.1, iptables rules in chain `CNI-...`
/// of table `nat`) and through ours (nftables, table `inet cni_plugins_masquerade`): the same
/// result, traffic masqueraded by both, and each one's rules gone after its DEL.
@Suite struct MasqueradeParityTests {
    struct Side {
        var result: JSONValue
        var seen: String?
        var rulesBeforeDel: String
        var rulesAfterDel: String
    }

    static func run(ours: Bool, octet: Int) throws -> Side {
        let bed = try FirewallTestbed(octet: octet, ours: ours)
        let container = try bed.container()
        let config = bed.config(#""ipMasq":true,"#).replacingAll("10.250.\(octet).", with: "10.250.112.")
            .replacingAll("fd00:250:100:\(octet):", with: "fd00:250:100:112:")
        let result = try bed.add(config, container: container, id: "nf-parity")
        let rules = {
            ours ? try Command.check(["ip", "netns", "exec", bed.host.name, "nft", "list", "ruleset"])
                : try Command.check(["ip", "netns", "exec", bed.host.name, "iptables-save", "-t", "nat"])
                    + Command.check(["ip", "netns", "exec", bed.host.name, "ip6tables-save", "-t", "nat"])
        }
        let seen = try bed.sourceSeenOutside(from: container, port: 41003)
        let before = try rules()
        #expect(try bed.plugin("DEL", config, container: container, id: "nf-parity").succeeded)
        return Side(
            result: Normalizer(host: "nfbr0", netns: container.path).result(result, succeeded: true),
            seen: seen, rulesBeforeDel: before, rulesAfterDel: try rules())
    }

    @Test func bothMasqueradeTheContainer() throws {
        try #require(FileSystem.exists("/usr/lib/cni/bridge"), "Debian's containernetworking-plugins (Scripts/install-deps.sh)")
        try #require((try? Command.which("iptables-save")) != nil, "iptables (Scripts/install-deps.sh): the reference masquerades through it")
        // Each side has a testbed of its own; the containers' subnet is the same, the outside differs.
        let go = try Self.run(ours: false, octet: 114)
        let ours = try Self.run(ours: true, octet: 116)
        #expect(ours.result == go.result, "Go:   \(JSONSerializer.string(go.result))\nours: \(JSONSerializer.string(ours.result))")
        #expect(go.seen == "10.250.115.1")
        #expect(ours.seen == "10.250.117.1")

        #expect(go.rulesBeforeDel.contains("MASQUERADE") && go.rulesBeforeDel.contains("nf-parity"))
        #expect(!go.rulesAfterDel.contains("nf-parity"))
        #expect(ours.rulesBeforeDel.contains("masquerade") && ours.rulesBeforeDel.contains("id: nf-parity"))
        #expect(!ours.rulesAfterDel.contains("nf-parity"))
    }
}
