import CNISpec
import NetAddress
import Testing

/// The hand-written readers and writers of the hot-path JSON types (decision 0014) keep Go's
/// rules and the messages `Codable` gave.
@Suite struct JSONFieldsTests {
    static func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    static func resultError(_ text: String) throws -> String {
        let json = try parse(text)
        do throws(CNIError) {
            _ = try AnyCNIResult(json: json, as: .v1_0_0)
            return ""
        } catch {
            return error.message
        }
    }

    @Test func keysMatchAsGoMatchesThemAndUnknownKeysAreIgnored() throws {
        let json = try Self.parse(#"""
            {"CNIVERSION":"1.1.0","Interfaces":[{"NAME":"eth0","Mac":"02:00:00:00:00:01","extra":1}],
             "IPs":[{"Address":"10.250.1.2/24","GATEWAY":"10.250.1.1","interface":0}],
             "routes":[{"DST":"0.0.0.0/0","gw":""}],"dns":{"NameServers":["10.250.1.1"]}}
            """#)
        let result = try Result100(fields: JSONFields(json))
        #expect(result.cniVersion == .v1_1_0)
        #expect(result.interfaces == [Interface(name: "eth0", mac: "02:00:00:00:00:01")])
        #expect(result.ips == [IPConfig(interface: 0, address: IPPrefix("10.250.1.2/24")!, gateway: IPAddress("10.250.1.1"))])
        #expect(result.routes == [Route(destination: IPPrefix("0.0.0.0/0")!)])
        #expect(result.dns.nameservers == ["10.250.1.1"])
    }

    @Test func codableGoesThroughTheSameCode() throws {
        let json = try Self.parse(#"""
            {"cniVersion":"1.0.0","interfaces":[{"name":"eth0","mtu":1400,"sandbox":"/run/netns/a"}],
             "ips":[{"address":"fd00::2/64","gateway":"fd00::1"}],
             "routes":[{"dst":"10.0.0.0/8","gw":"10.250.1.1","table":100}],"dns":{}}
            """#)
        let direct = try Result100(fields: JSONFields(json))
        let viaCodable = try JSONValueDecoder().decode(Result100.self, from: json)
        #expect(direct == viaCodable)
        #expect(try JSONValueEncoder().encode(direct) == direct.jsonValue)
        // 1.0.0 has no interface MTU or route table: they are left out, as Go leaves them out.
        #expect(JSONSerializer.string(direct.jsonValue) == #"{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/run/netns/a"}],"ips":[{"address":"fd00::2/64","gateway":"fd00::1"}],"routes":[{"dst":"10.0.0.0/8","gw":"10.250.1.1"}],"dns":{}}"#)
    }

    @Test(arguments: [
        (#"{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.1"}]}"#, #"field "ips[0].address": invalid CIDR address "10.0.0.1""#),
        (#"{"cniVersion":"1.0.0","ips":[{}]}"#, #"missing required field "ips[0].address""#),
        (#"{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.1/24","gateway":"x"}]}"#, #"field "ips[0].gateway": invalid IP address "x""#),
        (#"{"cniVersion":"1.0.0","interfaces":[{"mtu":"9000"}]}"#, #"field "interfaces[0].mtu": expected a number, got a string"#),
        (#"{"cniVersion":"1.0.0","interfaces":[{"mtu":1.5}]}"#, #"field "interfaces[0].mtu": number 1.5 is not a valid Int"#),
        (#"{"cniVersion":"1.0.0","dns":{"search":["a",3]}}"#, #"field "dns.search[1]": expected a string, got a number"#),
        (#"{"cniVersion":"1.0.0","routes":{}}"#, #"field "routes": expected an array, got an object"#),
        (#"{"cniVersion":"0.4.0"}"#, #"result type supports [1.0.0 1.1.0] but unmarshalled CNIVersion is "0.4.0""#),
    ])
    func badResultsNameTheField(input: String, message: String) throws {
        let error = try Self.resultError(input)
        #expect(error.contains(message), "\(error)")
    }

    @Test func wellKnownConfigurationKeysKeepTheirTypes() throws {
        #expect(throws: CNIError.self) {
            try NetworkConfig(bytes: Array(#"{"name":"n","capabilities":{"portMappings":"yes"}}"#.utf8))
        }
        do throws(CNIError) {
            _ = try NetworkConfig(bytes: Array(#"{"name":"n","ipam":{"type":7}}"#.utf8))
            Issue.record("a numeric ipam.type was accepted")
        } catch {
            #expect(error.code == .invalidNetworkConfig)
            #expect(error.message.contains(#"field "ipam.type": expected a string, got a number"#), "\(error.message)")
        }
        let config = try NetworkConfig(bytes: Array(#"{"name":"n","capabilities":{"mac":true,"ips":null},"prevResult":null}"#.utf8))
        #expect(config.capabilities == ["mac"])
    }
}
