import CNISkel
import CNISpec
import NetAddress
import TestSupport
import Testing

/// The dispatcher driven in-process with synthetic environments: every path of the protocol.
@Suite struct SkelTests {
    static let config = #"{"cniVersion":"1.0.0","name":"testnet","type":"scripted"}"#

    static func environment(_ command: String, overrides: [String: String] = [:]) -> [String] {
        var values = ["CNI_COMMAND": command, "CNI_CONTAINERID": "c1", "CNI_NETNS": "/var/run/netns/none",
                      "CNI_IFNAME": "eth0", "CNI_PATH": "/opt/cni/bin"]
        for (key, value) in overrides { values[key] = value }
        return values.filter { !$0.value.isEmpty }.map { "\($0.key)=\($0.value)" }.sorted()
    }

    static func run(_ plugin: ScriptedPlugin = ScriptedPlugin(), command: String, stdin: String = config,
                    overrides: [String: String] = [:]) -> (PluginOutput, JSONValue?) {
        let output = PluginDispatcher(executor: InProcessExecutor([:])).run(
            plugin, input: PluginInput(environment: environment(command, overrides: overrides), stdin: Array(stdin.utf8)))
        return (output, try? JSONParser.parse(output.stdout))
    }

    static func code(_ json: JSONValue?) -> UInt? { json.flatMap { CNIError(json: $0) }?.code.rawValue }

    @Test func versionListsSupportedVersions() throws {
        let plugin = ScriptedPlugin(supportedVersions: [.v0_4_0, .v1_0_0])
        let (output, json) = Self.run(plugin, command: "VERSION", stdin: "")
        #expect(output.exitCode == 0)
        #expect(json == ["cniVersion": "1.1.0", "supportedVersions": ["0.4.0", "1.0.0"]])
    }

    @Test func addConvertsTheResultToTheConfigVersion() throws {
        let plugin = ScriptedPlugin { _ in
            .v1(Result100(interfaces: [Interface(name: "eth0", mac: "02:00:00:00:00:01", mtu: 1400, sandbox: "/x")],
                          ips: [IPConfig(interface: 0, address: IPPrefix("10.250.1.2/24")!, gateway: IPAddress("10.250.1.1"))]))
        }
        let (output, json) = Self.run(plugin, command: "ADD", stdin: #"{"cniVersion":"0.3.1","name":"n","type":"x"}"#)
        #expect(output.exitCode == 0)
        #expect(json?["cniVersion"] == "0.3.1")
        #expect(json?["ips"] == [["version": "4", "interface": 0, "address": "10.250.1.2/24", "gateway": "10.250.1.1"]])
        #expect(json?["interfaces"] == [["name": "eth0", "mac": "02:00:00:00:00:01", "sandbox": "/x"]])
        #expect(json?["dns"] == [:])
    }

    @Test func missingVariablesAreCode4NamingThem() {
        let (output, json) = Self.run(command: "ADD", overrides: ["CNI_NETNS": "", "CNI_IFNAME": ""])
        #expect(output.exitCode == 1 && Self.code(json) == 4)
        #expect(json?["msg"]?.stringValue?.contains("CNI_NETNS,CNI_IFNAME") == true)
    }

    @Test func delDoesNotNeedANamespace() {
        let (output, _) = Self.run(command: "DEL", overrides: ["CNI_NETNS": ""])
        #expect(output.exitCode == 0 && output.stdout.isEmpty)
    }

    @Test(arguments: [("CNI_IFNAME", "eth/0"), ("CNI_IFNAME", "averyveryverylongname"), ("CNI_CONTAINERID", "bad id"),
                      ("CNI_COMMAND", "FROB"), ("CNI_ARGS", "A=1;B")])
    func malformedVariablesAreCode4(_ key: String, _ value: String) {
        let (output, json) = Self.run(command: "ADD", overrides: [key: value])
        #expect(output.exitCode == 1 && Self.code(json) == 4)
        #expect(json?["msg"]?.stringValue?.contains(key) == true, "\(String(describing: json))")
    }

    @Test func unknownArgsNeedIgnoreUnknown() {
        #expect(Self.code(Self.run(command: "ADD", overrides: ["CNI_ARGS": "FOO=1"]).1) == 4)
        #expect(Self.run(command: "ADD", overrides: ["CNI_ARGS": "IgnoreUnknown=true;FOO=1"]).0.exitCode == 0)
    }

    @Test(arguments: [
        (#"{"cniVersion":"1.0.0","name":"n""#, 6), ("[1,2]", 6), ("", 6),
        (#"{"cniVersion":"1.0.0","type":"x"}"#, 7), (#"{"cniVersion":"1.0.0","name":"bad name","type":"x"}"#, 7),
        (#"{"cniVersion":"9.9.9","name":"n","type":"x"}"#, 1), (#"{"cniVersion":1,"name":"n","type":"x"}"#, 7),
        (#"{"cniVersion":"1.0.0","name":"n","type":"x","capabilities":[1]}"#, 7),
        // As the reference: `null` is a configuration without a name (7), other JSON that is not
        // an object and empty stdin do not decode (6).
        ("null", 7), (" \n null \n", 7), ("[]", 6), (#""x""#, 6), ("1", 6), ("nul", 6),
    ])
    func badConfigurationsGetTheSpecCode(_ stdin: String, _ code: UInt) {
        for command in ["ADD", "DEL"] {
            let (output, json) = Self.run(command: command, stdin: stdin)
            #expect(output.exitCode == 1)
            #expect(Self.code(json) == code, "\(command): \(String(describing: json))")
            #expect(CNIError(json: json ?? .null)?.message.isEmpty == false)
        }
    }

    @Test func unsupportedVersionIsCode1WithDetails() {
        let plugin = ScriptedPlugin(supportedVersions: [.v1_0_0])
        let (_, json) = Self.run(plugin, command: "ADD", stdin: #"{"cniVersion":"0.4.0","name":"n","type":"x"}"#)
        #expect(Self.code(json) == 1)
        #expect(json?["details"]?.stringValue?.contains("0.4.0") == true)
    }

    @Test func checkNeeds040AndGCNeeds110() {
        #expect(Self.code(Self.run(command: "CHECK", stdin: #"{"cniVersion":"0.3.1","name":"n","type":"x"}"#).1) == 1)
        #expect(Self.run(command: "CHECK", stdin: #"{"cniVersion":"0.4.0","name":"n","type":"x"}"#).0.exitCode == 0)
        #expect(Self.code(Self.run(command: "GC", stdin: #"{"cniVersion":"1.0.0","name":"n","type":"x"}"#).1) == 1)
        let gc = Self.run(command: "GC", stdin: #"{"cniVersion":"1.1.0","name":"n","type":"x"}"#,
                          overrides: ["CNI_CONTAINERID": "", "CNI_NETNS": "", "CNI_IFNAME": ""])
        #expect(gc.0.exitCode == 0)
    }

    @Test func hugeStdinIsAnIOError() {
        let huge = String(repeating: " ", count: PluginDispatcher.stdinLimit + 1)
        #expect(Self.code(Self.run(command: "ADD", stdin: huge).1) == 5)
    }

    @Test func pluginErrorsKeepTheirCodeAndOthersBecome999() {
        var failing = ScriptedPlugin { _ in throw CNIError(.tryAgainLater, "busy") }
        #expect(Self.code(Self.run(failing, command: "ADD").1) == 11)
        failing.onDelete = { _ in throw SomeError() }
        let (output, json) = Self.run(failing, command: "DEL")
        #expect(output.exitCode == 1 && Self.code(json) == 999)
    }

    @Test func ownNamespaceIsRefusedUnlessOverridden() {
        let own = ["CNI_NETNS": "/proc/self/ns/net"]
        #expect(Self.code(Self.run(command: "ADD", overrides: own).1) == 4)
        #expect(Self.run(command: "ADD", overrides: own.merging(["CNI_NETNS_OVERRIDE": "1"]) { $1 }).0.exitCode == 0)
    }

    @Test func runByHandPrintsAbout() {
        let output = PluginDispatcher().run(ScriptedPlugin(), input: PluginInput(environment: [], stdin: []))
        #expect(output.exitCode == 0 && String(decoding: output.stderr, as: UTF8.self).contains("scripted test plugin"))
    }

    @Test func delegationRunsTheIPAMPluginWithTheSameConfig() throws {
        let ipam = ScriptedPlugin { request in
            #expect(request.command == .add && request.config.ipamType == "fake-ipam")
            return .v1(Result100(cniVersion: .v1_0_0, ips: [IPConfig(address: IPPrefix("10.250.1.9/24")!)]))
        }
        let main = ScriptedPlugin { request in
            try #require(try request.delegate(.add, to: request.config.ipamType))
        }
        let executor = InProcessExecutor(["fake-ipam": ipam])
        let output = PluginDispatcher(executor: executor).run(main, input: PluginInput(
            environment: Self.environment("ADD"),
            stdin: Array(#"{"cniVersion":"1.0.0","name":"n","type":"main","ipam":{"type":"fake-ipam"}}"#.utf8)))
        #expect(output.exitCode == 0)
        #expect(executor.calls.map(\.command) == ["ADD"])
        #expect((try JSONParser.parse(output.stdout))["ips"] == [["address": "10.250.1.9/24"]])
    }

    struct SomeError: Error {}
}
