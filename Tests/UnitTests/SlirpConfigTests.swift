import CNISpec
import NetAddress
@testable import SlirpPlugin
import Testing

@Suite struct SlirpConfigTests {
    static func config(_ extra: String) throws(CNIError) -> SlirpConfig {
        try SlirpConfig(try NetworkConfig(bytes: Array(#"{"cniVersion":"1.0.0","name":"n","type":"slirp"\#(extra)}"#.utf8)))
    }

    @Test func defaultsMatchSlirp4netns() throws {
        let config = try Self.config("")
        #expect(config.backend == .slirp4netns && config.mtu == 1500 && !config.enableIPv6)
        #expect(config.containerAddress.description == "10.0.2.100/24")
        #expect(config.gateway.description == "10.0.2.2" && config.dnsServer.description == "10.0.2.3")
    }

    @Test func customCIDRMovesEveryAddress() throws {
        let config = try Self.config(#","cidr":"10.250.40.0/24","backend":"pasta","MTU":65520"#)
        #expect(config.containerAddress.description == "10.250.40.100/24" && config.gateway.description == "10.250.40.2")
        #expect(config.backend == .pasta && config.mtu == 65520)
    }

    @Test(arguments: [
        (#","mtu":1499"#, "mtu"), (#","mtu":65522"#, "mtu"), (#","backend":"vde""#, "backend"),
        (#","cidr":"fd00::/64""#, "cidr"), (#","cidr":"10.0.2.0/26""#, "cidr"), (#","outboundAddr":"eth0""#, "outboundAddr"),
        (#","backend":"pasta","enableSandbox":true"#, "enableSandbox"), (#","enableIPv6":"yes""#, "enableIPv6"),
    ])
    func invalidSettingsNameTheField(_ extra: String, _ field: String) {
        do {
            _ = try Self.config(extra)
            Issue.record("accepted \(extra)")
        } catch {
            #expect(error.code == .invalidNetworkConfig && error.message.contains(field), "\(error)")
        }
    }
}
