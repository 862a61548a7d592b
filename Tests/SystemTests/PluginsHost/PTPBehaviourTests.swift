#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// What ptp must do beyond matching the reference: undo a failed ADD completely, succeed at
/// DEL when things are already gone, refuse bad configurations with the right code, and notice
/// in CHECK what has been removed. Plus traffic: the container reaches its gateway on the host.
@Suite struct PTPBehaviourTests {
    static func config(subnet: Int, extra: String = "", routes: String = "") -> String {
        #"""
        {"cniVersion":"1.0.0","name":"phptp","type":"ptp"\#(extra),
         "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.\#(subnet).0/24"}]],"routes":[\#(routes)]}}
        """#
    }

    @Test(arguments: ["10.250.128.1", "fd00:250:128::1"])
    func containerReachesItsGatewayOnTheHost(_ gateway: String) throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["ptp", "host-local"])
        let config = #"""
            {"cniVersion":"1.0.0","name":"phptp","type":"ptp",
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.128.0/24"}],[{"subnet":"fd00:250:128::/64"}]]}}
            """#
        let added = try attachment.run("ptp", "ADD", config: attachment.configuration(config, version: "1.0.0"))
        #expect(added.succeeded, "\(added.output) \(added.stderr)")
        // The host end's IPv6 gateway address is tentative until its DAD is done (the reference
        // does not wait for that side either); a server cannot bind it before.
        #expect(eventually(timeout: 10) {
            (try? attachment.host.exec(["ip", "addr", "show", "to", gateway]))?.stdout.contains("tentative") == false
        })
        // One TCP exchange from the container to the host end, which holds the gateway address.
        let received = "\(attachment.dataDirectory)/received"
        let port = Int.random(in: 20000...29999)
        let server = try BackgroundProcess(
            ["ip", "netns", "exec", attachment.host.name, Fixtures.path("tcp-once.py"), "serve", gateway, "\(port)", received])
        var sent = false
        for _ in 0..<20 where !sent {
            sent = (try? attachment.container.exec([Fixtures.path("tcp-once.py"), "send", gateway, "\(port)", "hello"]))?.succeeded == true
            if !sent { usleep(250_000) }
        }
        #expect(sent)
        server.wait(timeout: 15)
        #expect((try? FileSystem.readFile(received)).map { String(decoding: $0, as: UTF8.self) } == "hello")
    }

    @Test func failedAddAfterTheVethExistsLeavesNothing() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["ptp", "host-local"])
        // A route through a gateway that is not on the link fails after the veth and the lease exist.
        let config = attachment.configuration(
            Self.config(subnet: 129, routes: #"{"dst":"10.250.139.0/24","gw":"192.0.2.1"}"#), version: "1.0.0")
        let added = try attachment.run("ptp", "ADD", config: config)
        #expect(!added.succeeded && added.code == 999, "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.container).isEmpty)
        #expect(try IsolatedAttachment.linkNames(attachment.host).isEmpty)
        #expect(attachment.leases(network: "phptp").isEmpty)
    }

    @Test func existingInterfaceNameFailsAndReleasesTheLease() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["ptp", "host-local"])
        try Command.check(["ip", "-n", attachment.container.name, "link", "add", "eth0", "type", "veth", "peer", "name", "phpeer"])
        let added = try attachment.run("ptp", "ADD", config: attachment.configuration(Self.config(subnet: 129), version: "1.0.0"))
        #expect(!added.succeeded && added.message.contains("eth0"), "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.host).isEmpty)
        #expect(attachment.leases(network: "phptp").isEmpty)
    }

    @Test func deleteSucceedsWhenTheInterfaceOrTheNamespaceIsGone() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["ptp", "host-local"])
        let config = attachment.configuration(Self.config(subnet: 130), version: "1.0.0")
        #expect(try attachment.run("ptp", "ADD", config: config).succeeded)
        try Command.check(["ip", "-n", attachment.container.name, "link", "del", "eth0"])
        let afterLinkGone = try attachment.run("ptp", "DEL", config: config)
        #expect(afterLinkGone.succeeded, "\(afterLinkGone.output)")
        #expect(attachment.leases(network: "phptp").isEmpty)

        #expect(try attachment.run("ptp", "ADD", config: config).succeeded)
        let gone = "/var/run/netns/ph-gone-\(UInt32.random(in: 0 ... .max))"
        let afterNamespaceGone = try attachment.run("ptp", "DEL", config: config, netns: gone)
        #expect(afterNamespaceGone.succeeded, "\(afterNamespaceGone.output)")
        #expect(attachment.leases(network: "phptp").isEmpty)
        #expect(try attachment.run("ptp", "DEL", config: config, netns: "").succeeded)
    }

    @Test(arguments: [
        (#","mtu":10"#, 7, "mtu"),
        (#","ipMasq":"yes""#, 7, "ipMasq"),
        (#","mtu":"big""#, 7, "mtu"),
    ])
    func badConfigurationsAreRefusedNamingTheField(_ extra: String, _ code: Int, _ field: String) throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["ptp", "host-local"])
        let added = try attachment.run("ptp", "ADD", config: attachment.configuration(Self.config(subnet: 131, extra: extra), version: "1.0.0"))
        #expect(added.code == code && added.message.contains(field), "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.host).isEmpty)
        #expect(attachment.leases(network: "phptp").isEmpty)
    }

    @Test func anAddressWithoutAGatewayIsRefusedBeforeTheVethExists() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["ptp", "static"])
        let added = try attachment.run("ptp", "ADD", config: #"""
            {"cniVersion":"1.0.0","name":"phptp","type":"ptp","ipam":{"type":"static","addresses":[{"address":"10.250.134.5/24"}]}}
            """#)
        #expect(added.code == 999 && added.message.contains("10.250.134.5/24") && added.message.contains("gateway"), "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.host).isEmpty)
        #expect(try IsolatedAttachment.linkNames(attachment.container).isEmpty)
    }

    /// GC and STATUS (1.1.0) go to the IPAM plugin: GC releases the lease of an attachment
    /// that is not among the valid ones and keeps the one that is.
    @Test func garbageCollectionAndStatusReachTheIPAMPlugin() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["ptp", "host-local"])
        let config = attachment.configuration(Self.config(subnet: 135).replacingAll("1.0.0", with: "1.1.0"), version: "1.1.0")
        #expect(try attachment.run("ptp", "ADD", config: config).succeeded)
        #expect(attachment.leases(network: "phptp") == ["10.250.135.2"])
        #expect(try attachment.run("ptp", "STATUS", config: config).succeeded)
        guard case .object(var object) = try JSONParser.parse(config) else { return }
        object["cni.dev/valid-attachments"] = [["containerID": .string("ph-\(attachment.container.name)"), "ifname": "eth0"]]
        #expect(try attachment.run("ptp", "GC", config: JSONSerializer.string(.object(object))).succeeded)
        #expect(attachment.leases(network: "phptp") == ["10.250.135.2"], "a valid attachment keeps its lease")
        object["cni.dev/valid-attachments"] = []
        let collected = try attachment.run("ptp", "GC", config: JSONSerializer.string(.object(object)))
        #expect(collected.succeeded, "\(collected.output)")
        #expect(attachment.leases(network: "phptp").isEmpty)
    }

    /// `ipMasq`: one masquerade rule per container address in the host's nftables (the host being
    /// a test namespace here), named after the attachment; DEL removes it and can run again. (The
    /// rules are the bridge's: traffic and GC through them are in `BridgeMasqueradeTests`.)
    @Test func ipMasqWritesAndRemovesTheAttachmentsRules() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["ptp", "host-local"])
        let config = attachment.configuration(Self.config(subnet: 136, extra: #","ipMasq":true"#), version: "1.1.0")
        func rules(_ id: String) throws -> [JSONValue] {
            let listed = try attachment.host.exec(["nft", "-j", "list", "chain", "inet", "cni_plugins_masquerade", "masq_checks"])
            guard listed.status == 0 else { return [] }  // no table: no rule
            return (try JSONParser.parse(listed.stdout)["nftables"]?.arrayValue ?? []).compactMap { $0["rule"] }
                .filter { $0["comment"]?.stringValue?.contains("id: \(id)") == true }
        }
        let id = "ph-\(attachment.container.name)"
        let added = try attachment.run("ptp", "ADD", config: config)
        #expect(added.succeeded, "\(added.output) \(added.stderr)")
        #expect(try rules(id).count == 1)
        #expect(try attachment.run("ptp", "DEL", config: config).succeeded)
        #expect(try rules(id).isEmpty)
        #expect(try attachment.run("ptp", "DEL", config: config).succeeded)
    }

    @Test func addWithoutIPAMIsRefused() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["ptp"])
        let added = try attachment.run("ptp", "ADD", config: #"{"cniVersion":"1.0.0","name":"phptp","type":"ptp"}"#)
        #expect(added.code == 7 && added.message.contains("ipam"), "\(added.output)")
    }

    @Test(arguments: ["address", "route"])
    func checkNoticesWhatWasRemoved(_ what: String) throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["ptp", "host-local"])
        let config = attachment.configuration(Self.config(subnet: 132, routes: #"{"dst":"10.250.133.0/24"}"#), version: "1.0.0")
        let added = try attachment.run("ptp", "ADD", config: config)
        let checkConfig = try IsolatedAttachment.withPreviousResult(config, added.output)
        let healthy = try attachment.run("ptp", "CHECK", config: checkConfig)
        #expect(healthy.succeeded, "\(healthy.output)")
        if what == "address" {
            try Command.check(["ip", "-n", attachment.container.name, "addr", "del", "10.250.132.2/24", "dev", "eth0"])
        } else {
            try Command.check(["ip", "-n", attachment.container.name, "route", "del", "10.250.133.0/24"])
        }
        let broken = try attachment.run("ptp", "CHECK", config: checkConfig)
        #expect(!broken.succeeded && broken.message.contains(what == "address" ? "10.250.132.2" : "10.250.133.0/24"), "\(broken.output)")
    }
}
