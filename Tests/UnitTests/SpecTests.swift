import CNISpec
import NetAddress
import Testing

@Suite struct VersionTests {
    @Test func versionsAreOrderedAndKnowTheirCommands() {
        #expect(CNIVersion.allCases.map(\.rawValue) == ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
        #expect(CNIVersion(parsing: "") == .v0_1_0)
        #expect(CNIVersion(parsing: "0.5.0") == nil)
        #expect(!CNIVersion.v0_3_1.supports(.check) && CNIVersion.v0_4_0.supports(.check))
        #expect(!CNIVersion.v1_0_0.supports(.garbageCollect) && CNIVersion.v1_1_0.supports(.status))
        #expect(CNIVersion.compare("0.10.0", "0.4.0") == 1)
        #expect(CNIVersion.compare("1.0", "1.0.0") == nil)
    }
}

@Suite struct ConfigListTests {
    func list(_ text: String) throws -> NetworkConfigList { try NetworkConfigList(bytes: Array(text.utf8)) }

    @Test func cniVersionsChoosesTheHighestSupported() throws {
        let chosen = try list(#"{"name":"n","cniVersion":"0.3.1","cniVersions":["0.4.0","1.0.0","1.1.0","2.0.0"],"plugins":[{"type":"x"}]}"#)
        #expect(chosen.cniVersion == "1.1.0")
        let onlyOld = try list(#"{"name":"n","cniVersions":["0.3.1"],"plugins":[{"type":"x"}]}"#)
        #expect(onlyOld.cniVersion == "0.3.1")
    }

    @Test func booleansMayBeStringsAsInGo() throws {
        let parsed = try list(#"{"name":"n","cniVersion":"1.1.0","disableCheck":"TRUE","disableGC":true,"plugins":[{"type":"x"}]}"#)
        #expect(parsed.disableCheck && parsed.disableGC)
    }

    @Test(arguments: [
        (#"{"cniVersion":"1.0.0","plugins":[{"type":"x"}]}"#, "no name"),
        (#"{"name":5,"plugins":[{"type":"x"}]}"#, "invalid name type"),
        (#"{"name":"n","plugins":[]}"#, "no plugins in list"),
        (#"{"name":"n","plugins":{}}"#, "invalid 'plugins' type"),
        (#"{"name":"n","plugins":[{"bridge":"b"}]}"#, "missing 'type'"),
        (#"{"name":"n","disableCheck":"maybe","plugins":[{"type":"x"}]}"#, "invalid value"),
        (#"{"name":"n","cniVersions":["1.0"],"plugins":[{"type":"x"}]}"#, "invalid cniVersions entry"),
        (#"{"name":"n","plugins":[{"type":"x","capabilities":{"mac":"yes"}}]}"#, "capabilities"),
    ])
    func invalidListsNameWhatIsWrong(_ text: String, _ fragment: String) {
        do {
            _ = try list(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".contains(fragment), "\(error)")
        }
    }

    @Test func unknownKeysSurviveInPluginConfigs() throws {
        let parsed = try list(#"{"name":"n","cniVersion":"1.0.0","plugins":[{"type":"x","Custom":{"deep":[1]}}]}"#)
        #expect(parsed.plugins[0].raw["Custom"] == ["deep": [1]])
    }
}

@Suite struct NetworkConfigTests {
    @Test func wellKnownKeysMatchCaseInsensitively() throws {
        let config = try NetworkConfig(bytes: Array(#"{"CNIVersion":"1.0.0","Name":"n","Type":"bridge","capabilities":{"mac":true,"ips":false}}"#.utf8))
        #expect(config.cniVersionString == "1.0.0" && config.name == "n" && config.type == "bridge")
        #expect(config.capabilities == ["mac"])
    }

    @Test func runtimeConfigAcceptsContainerdCapitalisedKeys() throws {
        let config = try NetworkConfig(bytes: Array(#"""
            {"cniVersion":"1.0.0","name":"n","type":"x","runtimeConfig":{
              "dns":{"Servers":["127.0.0.53"],"Searches":["example.test"],"Options":null},
              "portMappings":[{"HostPort":18090,"ContainerPort":80,"Protocol":"tcp","HostIP":"127.0.0.1"}],
              "bandwidth":{"ingressRate":1000,"egressBurst":20},"ipRanges":[[{"subnet":"10.250.3.0/24"}]],
              "mac":"02:00:00:00:00:01","aliases":{"net":["web"]},"cgroupPath":"/x","deviceID":"0000:00:01.0"}}
            """#.utf8))
        let runtime = try config.runtimeConfig()
        #expect(runtime.portMappings == [PortMapping(hostPort: 18090, containerPort: 80, protocol: "tcp", hostIP: "127.0.0.1")])
        #expect(runtime.dns == RuntimeDNS(servers: ["127.0.0.53"], searches: ["example.test"], options: nil))
        #expect(runtime.bandwidth?.ingressRate == 1000 && runtime.bandwidth?.egressBurst == 20)
        #expect(runtime.ipRanges?.first?.first?.subnet == IPPrefix("10.250.3.0/24"))
        #expect(runtime.aliases == ["net": ["web"]] && runtime.mac == "02:00:00:00:00:01")
    }

    @Test func prevResultWithoutVersionTakesTheConfigVersion() throws {
        let config = try NetworkConfig(bytes: Array(#"{"cniVersion":"1.0.0","name":"n","type":"x","prevResult":{"ips":[{"address":"10.250.1.2/24"}]}}"#.utf8))
        let prev = try #require(try config.prevResult(version: .v1_0_0))
        #expect(prev.version == .v1_0_0)
    }

    @Test func prevResultOfAnotherShapeIsRefusedAsGoDoes() throws {
        let config = try NetworkConfig(bytes: Array(#"{"cniVersion":"1.0.0","name":"n","type":"x","prevResult":{"cniVersion":"0.4.0"}}"#.utf8))
        #expect(throws: CNIError.self) { try config.prevResult(version: .v1_0_0) }
    }

    @Test func validAttachmentsAreRead() throws {
        let config = try NetworkConfig(bytes: Array(#"{"cniVersion":"1.1.0","name":"n","type":"x","cni.dev/valid-attachments":[{"containerID":"c1","ifname":"eth0"}]}"#.utf8))
        #expect(try config.validAttachments() == [GCAttachment(containerID: "c1", interfaceName: "eth0")])
    }
}

@Suite struct ArgsAndNamesTests {
    @Test func argsParseAndValidate() throws {
        let args = try CNIArgs(parsing: "IgnoreUnknown=1;K8S_POD_NAME=p;IP=10.250.1.9")
        #expect(args["IP"] == "10.250.1.9" && args.ignoresUnknown)
        try args.validate(knownKeys: ["IP"])
        let strict = try CNIArgs(parsing: "FOO=bar")
        #expect(throws: CNIError.self) { try strict.validate(knownKeys: ["IP"]) }
        #expect(throws: CNIError.self) { try CNIArgs(parsing: "A=1;B") }
        #expect(throws: CNIError.self) { try CNIArgs(parsing: "A=1=2") }
        #expect(throws: CNIError.self) { try CNIArgs(parsing: "IgnoreUnknown=maybe").validate(knownKeys: []) }
    }

    @Test(arguments: ["eth0", "net1", "a.b-c_d", "123456789012345"])
    func validInterfaceNames(_ name: String) throws { try NameValidation.validateInterfaceName(name) }

    @Test(arguments: ["", ".", "..", "eth/0", "eth:0", "eth 0", "1234567890123456"])
    func invalidInterfaceNamesAreCode4(_ name: String) {
        #expect(throws: CNIError.self) { try NameValidation.validateInterfaceName(name) }
        do { try NameValidation.validateInterfaceName(name) } catch { #expect(error.code == .invalidEnvironment) }
    }

    @Test func containerIDsAndNetworkNames() {
        #expect(NameValidation.isValidName("cnitool-20a3f") && !NameValidation.isValidName("-x") && !NameValidation.isValidName("a b"))
        do { try NameValidation.validateContainerID("") } catch { #expect(error.code == .unknownContainer) }
        do { try NameValidation.validateNetworkName("bad/name") } catch { #expect(error.code == .invalidNetworkConfig) }
    }

    @Test func errorResultRoundTrips() throws {
        let error = CNIError(.tryAgainLater, "busy", details: "lock held")
        let json = error.jsonValue(cniVersion: "1.1.0")
        #expect(JSONSerializer.string(json) == #"{"cniVersion":"1.1.0","code":11,"msg":"busy","details":"lock held"}"#)
        #expect(CNIError(json: json) == error)
    }
}
