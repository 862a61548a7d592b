import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// host-local against the Go reference: the same configurations and the same calls through both
/// binaries, step by step; results, errors and the files in the data directory must agree.
@Suite struct HostLocalDifferentialTests {
    /// A configuration family: `DATADIR` and `VERSION` are filled in per run, `RESOLV` is a
    /// resolv.conf in the scratch area. `requested` is an address in the first range set.
    struct Template: CustomTestStringConvertible, Sendable {
        var name: String
        var ipam: String
        var extra: String = ""
        var requested: String
        var outside: String

        var testDescription: String { name }

        func config(dataDirectory: String, version: String, resolvConf: String) -> String {
            let ipam = self.ipam.replacingOccurrences("DATADIR", with: dataDirectory)
                .replacingOccurrences("RESOLV", with: resolvConf)
            return #"{"cniVersion":"\#(version)","name":"diffnet","type":"bridge","bridge":"cni0","ipam":\#(ipam)\#(extra)}"#
        }
    }

    static let templates: [Template] = [
        Template(name: "small IPv4 range",
                 ipam: #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":"10.77.0.0/29"}]]}"#,
                 requested: "10.77.0.5", outside: "10.77.1.5"),
        Template(name: "dual stack with routes and resolv.conf",
                 ipam: #"""
                     {"type":"host-local","dataDir":"DATADIR","resolvConf":"RESOLV",
                      "ranges":[[{"subnet":"10.78.0.0/24","rangeStart":"10.78.0.10","rangeEnd":"10.78.0.14","gateway":"10.78.0.12"}],
                                [{"subnet":"fd00:78::/120"}]],
                      "routes":[{"dst":"0.0.0.0/0"},{"dst":"192.168.0.0/16","gw":"10.78.0.1"},{"dst":"::/0"}]}
                     """#,
                 requested: "fd00:78::33", outside: "fd00:79::1"),
        Template(name: "legacy single range",
                 ipam: #"""
                     {"type":"host-local","dataDir":"DATADIR","subnet":"10.79.0.0/28","rangeStart":"10.79.0.4",
                      "rangeEnd":"10.79.0.8","gateway":"10.79.0.1","routes":[{"dst":"10.0.0.0/8"}]}
                     """#,
                 requested: "10.79.0.6", outside: "10.79.0.9"),
        Template(name: "several ranges in one set",
                 ipam: #"""
                     {"type":"host-local","dataDir":"DATADIR",
                      "ranges":[[{"subnet":"10.80.0.0/30"},{"subnet":"10.80.1.0/29","gateway":"10.80.1.3"}]]}
                     """#,
                 requested: "10.80.1.4", outside: "10.80.2.4"),
        Template(name: "runtime ranges and addresses",
                 ipam: #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":"10.81.0.0/24"}]]}"#,
                 extra: #","runtimeConfig":{"ipRanges":[[{"subnet":"fd00:81::/64","rangeEnd":"fd00:81::5"}]],"ips":["fd00:81::4"]},"args":{"cni":{"ips":["10.81.0.77"]}}"#,
                 requested: "10.81.0.99", outside: "10.82.0.1"),
    ]

    static let versions = ["0.1.0", "0.2.0", "0.3.1", "0.4.0", "1.0.0"]

    /// The calls: allocation, round robin after a release, a requested address, duplicates,
    /// exhaustion, idempotent DEL, CHECK before and after DEL, bad arguments.
    static func steps(_ template: Template) -> [Step] {
        [
            .add("c1"), .add("c2"), .add("c3", args: "IP=\(template.requested)"), .check("c1"), .del("c2"),
            .add("c4"), .add("c5"), .add("c6"), .add("c1"), .add("c1", "eth1"), .check("c1", "eth1"),
            .del("c1"), .del("c1"), .check("c1"), .del("c9"),
            .add("c7", args: "IP=\(template.outside)"), .add("c8", args: "IgnoreUnknown=1;K8S_POD_NAME=x"),
            .add("c9", args: "FOO=1"), .add("c10", args: "IP=bogus"), .add("c11"), .add("c12"),
            .del("c3"), .del("c4"), .add("c13"), .check("c13"),
        ]
    }

    @Test(arguments: templates, versions)
    func sameCallsSameResultsSameFiles(_ template: Template, _ version: String) throws {
        let scratch = try IPAMScratch()
        let resolvConf = scratch.dataDirectory("resolv.conf")
        try FileSystem.writeFileAtomically(resolvConf, Array("nameserver 10.1.1.53\nsearch a.example b.example\noptions ndots:3\n".utf8))
        var comparison = Comparison()
        var successes = 0
        var configs: [Implementation: String] = [:]
        for implementation in Implementation.allCases {
            configs[implementation] = template.config(
                dataDirectory: scratch.dataDirectory("\(implementation)"), version: version, resolvConf: resolvConf)
        }
        for (number, step) in Self.steps(template).enumerated() {
            let label = "\(template.name) \(version) step \(number) \(step)"
            var outcomes: [Implementation: PluginOutcome] = [:]
            for implementation in Implementation.allCases {
                outcomes[implementation] = try scratch.run(
                    implementation, step.command, container: step.container, ifname: step.ifname, args: step.args,
                    config: configs[implementation] ?? "")
            }
            comparison.compare(label, go: outcomes[.go]!, ours: outcomes[.ours]!)
            if outcomes[.go]!.succeeded { successes += 1 }
            let goFiles = try scratch.snapshot("\(scratch.dataDirectory("go"))/diffnet")
            let ourFiles = try scratch.snapshot("\(scratch.dataDirectory("ours"))/diffnet")
            comparison.expect(goFiles == ourFiles, "\(label): files differ\n go:   \(goFiles.sorted { $0.key < $1.key })\n ours: \(ourFiles.sorted { $0.key < $1.key })")
        }
        comparison.record()
        // Guard against a vacuous comparison (both failing every step for the same reason).
        #expect(successes >= 6, "only \(successes) steps succeeded")
    }

    /// Configurations both refuse; we say code 7 (4 for CNI_ARGS) where the reference says 999.
    @Test(arguments: [
        #"{"type":"host-local","dataDir":"DATADIR"}"#,
        #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":"10.90.0.0/31"}]]}"#,
        #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":"10.90.0.1/24"}]]}"#,
        #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":"10.90.0.0/24","rangeStart":"10.91.0.1"}]]}"#,
        #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":"10.90.0.0/24","rangeEnd":"10.91.0.1"}]]}"#,
        #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":"10.90.0.0/24"},{"subnet":"fd00::/64"}]]}"#,
        #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":"10.90.0.0/24"}],[{"subnet":"10.90.0.0/25"}]]}"#,
        #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":"10.90.0.0/24"},{"subnet":"10.90.0.128/25"}]]}"#,
        #"{"type":"host-local","dataDir":"DATADIR","ranges":[[]]}"#,
        #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":"10.90.0.0/24","gateway":"nope"}]]}"#,
        #"{"type":"host-local","dataDir":"DATADIR","ranges":[[{"subnet":5}]]}"#,
        #"{"type":"host-local","dataDir":"DATADIR","resolvConf":"/nonexistent/resolv.conf","subnet":"10.90.0.0/24"}"#,
    ])
    func invalidConfigurationsFailInBoth(_ ipam: String) throws {
        let scratch = try IPAMScratch()
        for command in ["ADD", "DEL"] where !(command == "DEL" && ipam.contains("resolvConf")) {
            var outcomes: [Implementation: PluginOutcome] = [:]
            for implementation in Implementation.allCases {
                let config = #"{"cniVersion":"1.0.0","name":"badnet","type":"bridge","ipam":\#(ipam.replacingOccurrences("DATADIR", with: scratch.dataDirectory("\(implementation)")))}"#
                outcomes[implementation] = try scratch.run(implementation, command, config: config)
            }
            let go = outcomes[.go]!, ours = outcomes[.ours]!
            if command == "DEL" {
                // DEL never fails for a configuration ADD refuses (a runtime retries DEL for ever);
                // the reference's host-local does fail it.
                #expect(!go.succeeded && ours.succeeded, "DEL \(ipam): go \(go) / ours \(ours)")
                continue
            }
            #expect(!go.succeeded && !ours.succeeded, "\(command) \(ipam): go \(go) / ours \(ours)")
            #expect(go.code == 999)
            #expect(ours.code == (ipam.contains("resolvConf") ? 5 : 7), "\(ours)")
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
