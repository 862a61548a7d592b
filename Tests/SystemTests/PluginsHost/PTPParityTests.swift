import CNISpec
import TestSupport
import Testing

/// Our ptp against Debian's reference ptp (v1.1.1): the same result, the same kernel state in the
/// container and on the host side after ADD and after DEL, the same CHECK and second-DEL
/// outcome, for the main options and each version the reference speaks. Each side runs in
/// namespaces of its own (host side included), so forwarding sysctls are never the machine's.
@Suite struct PTPParityTests {
    /// Each case: a name, the configuration, and whether the reference's CHECK fails on its own
    /// ADD. v1.1.1 looks a result's route without `gw` up as a route without a gateway, but
    /// ADD installed it through the default gateway, so its CHECK fails; ours accepts the route
    /// through any gateway (`docs/differences.md`).
    static let cases: [(String, String, Bool)] = [
        ("dual stack, mtu, default route", #"""
            {"cniVersion":"{VERSION}","name":"phptp","type":"ptp","mtu":1400,
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.120.0/24"}],[{"subnet":"fd00:250:120::/64"}]],
                     "routes":[{"dst":"0.0.0.0/0"},{"dst":"::/0"}]}}
            """#, false),
        ("IPv4, explicit gateway, DNS from the configuration", #"""
            {"cniVersion":"{VERSION}","name":"phptp","type":"ptp",
             "dns":{"nameservers":["10.250.121.53"],"search":["ph.test"]},
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.121.0/24","gateway":"10.250.121.254"}]],
                     "routes":[{"dst":"10.250.131.0/24"}],"dns":{"nameservers":["10.250.121.1"]}}}
            """#, true),
        ("static IPAM, IPv6 only, DNS from IPAM", #"""
            {"cniVersion":"{VERSION}","name":"phptp","type":"ptp",
             "ipam":{"type":"static","addresses":[{"address":"fd00:250:122::5/64","gateway":"fd00:250:122::1"}],
                     "routes":[{"dst":"fd00:250:132::/64"}],"dns":{"nameservers":["fd00:250:122::53"]}}}
            """#, true),
        ("two IPv4 ranges", #"""
            {"cniVersion":"{VERSION}","name":"phptp","type":"ptp",
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.123.0/24"}],[{"subnet":"10.250.124.0/24"}]]}}
            """#, false),
    ]

    @Test(arguments: cases.indices, ["0.3.1", "0.4.0", "1.0.0"])
    func lifecycleMatchesTheReference(_ index: Int, _ version: String) throws {
        let (name, template, referenceCheckFails) = Self.cases[index]
        let (go, ours) = try AttachmentLifecycle.compare(ParityCase(name: name, plugin: "ptp", template: template, version: version))
        #expect(go.result["failed"] == nil, "the reference failed on \(name) \(version): \(go)")
        if referenceCheckFails && version != "0.3.1" { #expect(go.checkStatus != 0 && ours.checkStatus == 0, "CHECK of \(name) \(version)") }
        let differences = AttachmentLifecycle.differences(
            go: go, ours: ours, ignoring: referenceCheckFails ? ["check"] : [], allowing: ParityAllowances.of("ptp"))
        #expect(differences.isEmpty, "\(name) \(version):\n\(differences.joined(separator: "\n"))")
    }
}
