import CNISkel
import CNISpec
import NetAddress
import StaticPlugin
import TestSupport
import Testing

@Suite struct StaticConfigTests {
    static func parse(_ ipam: String, extra: String = "", version: String = "1.0.0", args: String = "") throws(CNIError)
        -> StaticConfig
    {
        let text = #"{"cniVersion":"\#(version)","name":"net1","type":"macvlan","ipam":\#(ipam)\#(extra)}"#
        return try StaticConfig(config: try NetworkConfig(bytes: Array(text.utf8)), args: try CNIArgs(parsing: args))
    }

    static func addresses(_ config: StaticConfig) -> [String] {
        config.addresses.map { "\($0.address)" + ($0.gateway.map { " via \($0)" } ?? "") }
    }

    @Test func configuredAddressesKeepTheirHostBits() throws {
        let config = try Self.parse(#"""
            {"type":"static","addresses":[{"address":"10.10.0.1/24","gateway":"10.10.0.254"},{"address":"3ffe:ffff:0::01/64"}],
             "routes":[{"dst":"0.0.0.0/0"}],"dns":{"nameservers":["8.8.8.8"],"domain":"example.com","search":["example.com"]}}
            """#)
        #expect(Self.addresses(config) == ["10.10.0.1/24 via 10.10.0.254", "3ffe:ffff::1/64"])
        #expect(config.routes.map(\.destination.description) == ["0.0.0.0/0"])
        #expect(config.dns == DNS(nameservers: ["8.8.8.8"], domain: "example.com", search: ["example.com"]))
    }

    @Test func cniArgsAddAddressesAndGatewaysApplyToThem() throws {
        let config = try Self.parse(#"{"addresses":[{"address":"10.10.0.1/24"}]}"#,
                                    args: "IP=10.20.0.5/24, fd00::5/64;GATEWAY=10.20.0.1,fd00::1,10.10.0.254")
        // The configured address keeps no gateway: CNI_ARGS gateways apply to CNI_ARGS addresses only.
        #expect(Self.addresses(config) == ["10.10.0.1/24", "10.20.0.5/24 via 10.20.0.1", "fd00::5/64 via fd00::1"])
    }

    @Test func argsThenRuntimeConfigReplaceTheAddresses() throws {
        let fromArgs = try Self.parse(#"{"addresses":[{"address":"10.10.0.1/24"}]}"#,
                                      extra: #","args":{"cni":{"ips":["10.30.0.3/16"]}}"#, args: "IP=10.20.0.5/24")
        #expect(Self.addresses(fromArgs) == ["10.30.0.3/16"])
        let fromRuntime = try Self.parse(#"{"addresses":[{"address":"bogus"}]}"#,
                                         extra: #","args":{"cni":{"ips":["10.30.0.3/16"]}},"runtimeConfig":{"ips":["10.40.0.4/8"]}"#)
        #expect(Self.addresses(fromRuntime) == ["10.40.0.4/8"])
    }

    @Test(arguments: [
        ("null", "", "1.0.0", "", 7, "IPAM config missing 'ipam' key"),
        (#"{"addresses":[{"address":"10.10.0.1"}]}"#, "", "1.0.0", "", 7,
         "ipam.addresses[0].address: the 'address' field is expected to be in CIDR notation, got: '10.10.0.1'"),
        (#"{"addresses":[{"gateway":"10.10.0.1"}]}"#, "", "1.0.0", "", 7, "ipam.addresses[0].address: the 'address' field"),
        (#"{"addresses":[{"address":"10.10.0.1/24","gateway":"x"}]}"#, "", "1.0.0", "", 7,
         #"ipam.addresses[0].gateway: invalid IP address "x""#),
        (#"{"addresses":[]}"#, #","runtimeConfig":{"ips":["10.1.1.1"]}"#, "1.0.0", "", 7,
         "runtimeConfig.ips[0]: an entry in the 'ips' field is NOT in CIDR notation, got: '10.1.1.1'"),
        (#"{"addresses":[]}"#, "", "1.0.0", "IP=10.1.1.1", 4,
         "CNI_ARGS: IP: the 'ip' field is expected to be in CIDR notation, got: '10.1.1.1'"),
        (#"{"addresses":[]}"#, "", "1.0.0", "IP=10.1.1.1/24;GATEWAY=nope", 4, "CNI_ARGS: GATEWAY: invalid gateway address: nope"),
        (#"{"addresses":[{"address":"10.1.1.1/24"},{"address":"10.2.1.1/24"}]}"#, "", "0.2.0", "", 7,
         "CNI version 0.2.0 does not support more than 1 address per family"),
        (#"{"addresses":{"address":"10.1.1.1/24"}}"#, "", "1.0.0", "", 7, #""ipam.addresses": expected an array"#),
    ] as [(String, String, String, String, UInt, String)])
    func invalidConfigurationsNameTheField(_ ipam: String, _ extra: String, _ version: String, _ args: String,
                                           _ code: UInt, _ fragment: String) {
        do {
            let config = try Self.parse(ipam, extra: extra, version: version, args: args)
            Issue.record("accepted: \(config)")
        } catch {
            #expect(error.code.rawValue == code, "\(error)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }
}

/// The static plugin through the dispatcher, in process.
@Suite struct StaticPluginTests {
    static func run(_ command: String, args: String = "", config: String) -> (PluginOutput, JSONValue?) {
        var environment = ["CNI_COMMAND=\(command)", "CNI_CONTAINERID=c1", "CNI_NETNS=/var/run/netns/none",
                           "CNI_IFNAME=eth0", "CNI_PATH=/opt/cni/bin"]
        if !args.isEmpty { environment.append("CNI_ARGS=\(args)") }
        let output = PluginDispatcher(executor: InProcessExecutor([:])).run(
            StaticPlugin(), input: PluginInput(environment: environment, stdin: Array(config.utf8)))
        return (output, try? JSONParser.parse(output.stdout))
    }

    static let config = #"{"cniVersion":"1.0.0","name":"s","type":"macvlan","ipam":{"type":"static","addresses":[{"address":"10.1.0.2/24"}]}}"#

    @Test func addReturnsTheAddresses() {
        let (output, json) = Self.run("ADD", config: Self.config)
        #expect(output.exitCode == 0)
        #expect(json?["ips"] == [["address": "10.1.0.2/24"]])
    }

    @Test func unknownArgsFailAddButNotDelete() {
        #expect(Self.run("ADD", args: "FOO=1", config: Self.config).0.exitCode == 1)
        #expect(Self.run("DEL", args: "FOO=1", config: Self.config).0.exitCode == 0)
        // DEL does not even read the configuration.
        #expect(Self.run("DEL", config: #"{"cniVersion":"1.0.0","name":"s","type":"macvlan"}"#).0.exitCode == 0)
    }
}
