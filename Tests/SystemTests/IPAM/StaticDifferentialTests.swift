import CNISpec
import TestSupport
import Testing

/// static against the Go reference: ADD results, CHECK against a previous result, DEL.
@Suite struct StaticDifferentialTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var ipam: String
        var extra: String = ""
        var args: String = ""
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "addresses, routes and DNS", ipam: #"""
            {"type":"static","addresses":[{"address":"10.10.0.1/24","gateway":"10.10.0.254"},{"address":"3ffe:ffff:0:01ff::1/64","gateway":"3ffe:ffff:0::1"}],
             "routes":[{"dst":"0.0.0.0/0"},{"dst":"192.168.0.0/16","gw":"10.10.5.1"},{"dst":"3ffe:ffff:0:01ff::1/64"}],
             "dns":{"nameservers":["8.8.8.8"],"domain":"example.com","search":["example.com"],"options":["ndots:2"]}}
            """#),
        Case(name: "one address per family", ipam: #"{"type":"static","addresses":[{"address":"10.10.0.1/24"},{"address":"fd00::1/64"}]}"#),
        Case(name: "CNI_ARGS IP and GATEWAY", ipam: #"{"type":"static","addresses":[{"address":"10.10.0.1/24"}]}"#,
             args: "IP=10.20.0.5/24,fd00::5/64;GATEWAY=10.20.0.1,fd00::1"),
        Case(name: "args.cni.ips replace", ipam: #"{"type":"static","addresses":[{"address":"10.10.0.1/24"}]}"#,
             extra: #","args":{"cni":{"ips":["10.30.0.3/16"]}}"#),
        Case(name: "runtimeConfig.ips replace", ipam: #"{"type":"static","addresses":[{"address":"10.10.0.1/24"}]}"#,
             extra: #","args":{"cni":{"ips":["10.30.0.3/16"]}},"runtimeConfig":{"ips":["10.40.0.4/8","fd00::4/64"]}"#),
        Case(name: "no addresses", ipam: #"{"type":"static"}"#),
        Case(name: "address without a prefix", ipam: #"{"type":"static","addresses":[{"address":"10.10.0.1"}]}"#),
        Case(name: "CNI_ARGS IP without a prefix", ipam: #"{"type":"static"}"#, args: "IP=10.10.0.1"),
        Case(name: "bad gateway argument", ipam: #"{"type":"static"}"#, args: "IP=10.10.0.1/24;GATEWAY=x"),
        Case(name: "missing ipam", ipam: "null"),
    ]

    static func config(_ testCase: Case, version: String, prevResult: String? = nil) -> String {
        let prev = prevResult.map { #","prevResult":\#($0)"# } ?? ""
        return #"{"cniVersion":"\#(version)","name":"staticnet","type":"macvlan","ipam":\#(testCase.ipam)\#(testCase.extra)\#(prev)}"#
    }

    @Test(arguments: cases, ["0.2.0", "0.3.1", "0.4.0", "1.0.0"])
    func sameResults(_ testCase: Case, _ version: String) throws {
        let scratch = try IPAMScratch()
        var comparison = Comparison()
        let config = Self.config(testCase, version: version)
        var outcomes: [Implementation: PluginOutcome] = [:]
        for implementation in Implementation.allCases {
            outcomes[implementation] = try scratch.run(implementation, "ADD", plugin: "static", args: testCase.args, config: config)
        }
        comparison.compare("\(testCase.name) \(version) ADD", go: outcomes[.go]!, ours: outcomes[.ours]!)

        // CHECK against the ADD result, against a result whose gateway differs, and without one.
        if let added = outcomes[.go], added.succeeded, version >= "0.4.0" {
            var tampered = added.stdout
            for (from, to) in [("10.10.0.254", "10.10.0.253"), ("10.20.0.1", "10.20.0.2")] {
                tampered = tampered.replacingOccurrences("\"gateway\": \"\(from)\"", with: "\"gateway\": \"\(to)\"")
            }
            for (label, prev) in [("matching", Optional(added.stdout)), ("tampered", Optional(tampered)), ("missing", nil)] {
                var checks: [Implementation: PluginOutcome] = [:]
                for implementation in Implementation.allCases {
                    checks[implementation] = try scratch.run(
                        implementation, "CHECK", plugin: "static", args: testCase.args,
                        config: Self.config(testCase, version: version, prevResult: prev))
                }
                comparison.compare("\(testCase.name) \(version) CHECK \(label)", go: checks[.go]!, ours: checks[.ours]!)
                if label != "matching" && tampered != added.stdout {
                    // The comparison must not be vacuous: these CHECKs fail.
                    comparison.expect(!checks[.ours]!.succeeded, "\(testCase.name) \(version) CHECK \(label) passed")
                }
            }
        }
        for implementation in Implementation.allCases {
            // DEL has nothing to undo and reads nothing: it succeeds whatever the arguments say.
            for args in [testCase.args, "FOO=1"] {
                let deleted = try scratch.run(implementation, "DEL", plugin: "static", args: args, config: config)
                comparison.expect(deleted.succeeded, "\(testCase.name) \(version) DEL \(args) by \(implementation): \(deleted)")
            }
        }
        comparison.record()
    }
}
