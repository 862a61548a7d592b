import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// Our bridge against Debian's reference bridge (v1.1.1): same result, same kernel state, for
/// the main options and every version the reference speaks. Serialized: some cases flip the
/// host's forwarding sysctl, which each side restores.
@Suite(.serialized) struct BridgeParityTests {
    static let harness = ParityHarness(plugin: "bridge", hostLinkPrefix: "parbr")

    static let cases: [(String, String)] = [
        ("layer 3, gateway, default route, dual stack", #"""
            {"cniVersion":"{VERSION}","name":"par","type":"bridge","bridge":"{HOST}","isGateway":true,"isDefaultGateway":true,
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.41.0/24"}],[{"subnet":"fd00:250:41::/64"}]]}}
            """#),
        ("layer 3 without gateway, hairpin, mtu", #"""
            {"cniVersion":"{VERSION}","name":"par","type":"bridge","bridge":"{HOST}","hairpinMode":true,"mtu":1400,
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.42.0/24","gateway":"10.250.42.254"}]],
                     "routes":[{"dst":"10.250.142.0/24"}]}}
            """#),
        ("layer 2 only, promiscuous bridge", #"""
            {"cniVersion":"{VERSION}","name":"par","type":"bridge","bridge":"{HOST}","promiscMode":true}
            """#),
        ("gateway with forceAddress and DNS", #"""
            {"cniVersion":"{VERSION}","name":"par","type":"bridge","bridge":"{HOST}","isGateway":true,"forceAddress":true,
             "dns":{"nameservers":["10.250.43.53"],"search":["example.test"]},
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.43.0/24"}]]}}
            """#),
    ]

    @Test(arguments: cases.indices, ["0.3.1", "0.4.0", "1.0.0"])
    func addMatchesTheReference(_ index: Int, _ version: String) throws {
        let (name, config) = Self.cases[index]
        let (go, ours) = try Self.harness.run(config: config, version: version)
        #expect(ours.result == go.result, "\(name) \(version) result:\nGo:   \(JSONSerializer.string(go.result))\nours: \(JSONSerializer.string(ours.result))")
        #expect(ours.container == go.container, "\(name) \(version) container:\nGo:   \(JSONSerializer.string(go.container))\nours: \(JSONSerializer.string(ours.container))")
        #expect(ours.host == go.host, "\(name) \(version) host:\nGo:   \(JSONSerializer.string(go.host))\nours: \(JSONSerializer.string(ours.host))")
    }

    @Test func aMACFromTheRuntimeIsUsedAsTheReferenceUsesIt() throws {
        let config = #"""
            {"cniVersion":"1.0.0","name":"par","type":"bridge","bridge":"{HOST}","capabilities":{"mac":true},
             "runtimeConfig":{"mac":"02:00:00:00:41:01"},
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.44.0/24"}]]}}
            """#
        let (go, ours) = try Self.harness.run(config: config, version: "1.0.0")
        #expect(ours.result == go.result && ours.container == go.container)
    }
}
