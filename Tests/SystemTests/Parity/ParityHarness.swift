import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// Runs one configuration through the Go reference plugin and through ours, each in a fresh
/// container namespace with its own IPAM data and its own host-side names, and returns what each
/// produced, normalised so that the two can be compared exactly: the result JSON and the kernel
/// state the call left in the container and on the host.
struct ParityHarness {
    /// What one side produced.
    struct Outcome: Equatable, CustomStringConvertible {
        var result: JSONValue
        var container: JSONValue
        var host: JSONValue
        var description: String {
            "result: \(JSONSerializer.string(result))\ncontainer: \(JSONSerializer.string(container))\nhost: \(JSONSerializer.string(host))"
        }
    }

    /// The plugin under test and the plugins it delegates to.
    var plugin: String
    var delegates: [String] = ["host-local"]
    /// Host links a configuration creates that the harness must remove (bridge names are
    /// substituted per side: `{HOST}` in the config becomes a unique name).
    var hostLinkPrefix = "par"

    /// Runs ADD with `config` (a JSON template; `{HOST}` is replaced by a per-side host link
    /// name, `{DATA}` by a per-side IPAM directory) on both sides and returns their outcomes.
    func run(config template: String, version: String, interfaceName: String = "eth0",
             environment: [String: String] = [:]) throws -> (go: Outcome, ours: Outcome) {
        (try side(ours: false, template, version, interfaceName, environment),
         try side(ours: true, template, version, interfaceName, environment))
    }

    private func side(ours: Bool, _ template: String, _ version: String, _ interfaceName: String,
                      _ environment: [String: String]) throws -> Outcome {
        let names = plugin == "bridge" ? [plugin] + delegates : [plugin] + delegates
        let directory = ours ? try Binaries.pluginDirectory(ours: names) : try Binaries.pluginDirectory(reference: names)
        let data = try Fixtures.temporaryDirectory("swiftcni-parity")
        let host = "\(hostLinkPrefix)\(String(UInt16.random(in: 0 ... .max), radix: 16))"
        let cleanup = HostCleanup(restoresForwarding: true)
        cleanup.deleteLink(host)
        defer {
            try? FileSystem.removeTree(directory)
            try? FileSystem.removeTree(data)
        }
        let ns = try TestNamespace(prefix: ours ? "parity-ours" : "parity-go")
        let config = template.replacingAll("{HOST}", with: host).replacingAll("{DATA}", with: data)
            .replacingAll("{VERSION}", with: version)
        var env = ["CNI_COMMAND": "ADD", "CNI_CONTAINERID": "parity-\(ours ? "ours" : "go")", "CNI_NETNS": ns.path,
                   "CNI_IFNAME": interfaceName, "CNI_PATH": directory]
        for (key, value) in environment { env[key] = value }
        let added = try Command.run(["\(directory)/\(plugin)"], environment: env, stdin: config)
        let result = (try? JSONParser.parse(added.stdout)) ?? .string(added.stdout)
        let hostVeth = result["interfaces"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.first { $0.hasPrefix("veth") }
        // The kernel finishes bringing links up asynchronously (later still under load): let the
        // operational states settle, within a bound, before reading them.
        eventually(timeout: 3) { Self.operationallyFinal(link: host, in: nil) && Self.settled(link: interfaceName, in: ns.name) }
        let outcome = Outcome(
            result: Normalizer(host: host, netns: ns.path).result(result, succeeded: added.succeeded),
            container: try KernelSnapshot.container(ns), host: try KernelSnapshot.host(link: host, port: hostVeth))
        env["CNI_COMMAND"] = "DEL"
        _ = try Command.run(["\(directory)/\(plugin)"], environment: env, stdin: config)
        // A VLAN gateway interface (`<bridge>.<vlan>`) outlives DEL on both sides, as the bridge does.
        for name in (result["interfaces"]?.arrayValue ?? []).compactMap({ $0["name"]?.stringValue }) where name.hasPrefix(host + ".") {
            cleanup.deleteLink(name)
        }
        return outcome
    }
}

extension ParityHarness {
    /// Whether a link is absent, administratively down, or operationally UP. A bridge reports
    /// UNKNOWN for a moment after its first port comes up (longer in an emulated VM); where
    /// UNKNOWN is its lasting state, the caller's bound ends the wait.
    static func operationallyFinal(link: String, in namespace: String?) -> Bool {
        let prefix = namespace.map { ["ip", "-n", $0] } ?? ["ip"]
        guard let output = try? Command.run(prefix + ["-j", "link", "show", "dev", link]), output.succeeded,
              let entry = (try? JSONParser.parse(output.stdout))?.arrayValue?.first else { return true }
        let adminUp = entry["flags"]?.arrayValue?.contains("UP") == true
        return !adminUp || entry["operstate"]?.stringValue == "UP"
    }

    /// Whether a link is absent or has left the transitional states (DOWN while its peer comes up).
    static func settled(link: String, in namespace: String?) -> Bool {
        let prefix = namespace.map { ["ip", "-n", $0] } ?? ["ip"]
        guard let output = try? Command.run(prefix + ["-j", "link", "show", "dev", link]), output.succeeded,
              let state = (try? JSONParser.parse(output.stdout))?.arrayValue?.first?["operstate"]?.stringValue else { return true }
        return state == "UP" || state == "UNKNOWN"
    }
}

/// What differs between two attachments by nature, replaced by placeholders.
struct Normalizer {
    let host: String
    let netns: String

    func result(_ value: JSONValue, succeeded: Bool) -> JSONValue {
        guard succeeded else {
            // Failures compare by code only: messages are ours to improve.
            return ["failed": .number(value["code"]?.numberValue ?? JSONNumber(0))]
        }
        return normalize(value)
    }

    func normalize(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var copy = JSONObject()
            for member in object.members.sorted(by: { $0.key < $1.key }) {
                switch (member.key, member.value) {
                case ("mac", _): copy[member.key] = "MAC"
                case ("sandbox", .string(let path)): copy[member.key] = .string(path == netns ? "NETNS" : path)
                case ("name", .string(let name)) where name.hasPrefix("veth"): copy[member.key] = "VETH"
                case ("name", .string(let name)) where name == host: copy[member.key] = "HOST"
                // A bridge's VLAN gateway interface, `<bridge>.<vlan>`.
                case ("name", .string(let name)) where name.hasPrefix(host + "."):
                    copy[member.key] = .string("HOST" + name.dropFirst(host.count))
                default: copy[member.key] = normalize(member.value)
                }
            }
            return .object(copy)
        case .array(let elements):
            return .array(elements.map(normalize))
        default:
            return value
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        guard !target.isEmpty, count >= target.count else { return nil }
        var index = startIndex
        while let end = self.index(index, offsetBy: target.count, limitedBy: endIndex) {
            if self[index..<end] == target { return index..<end }
            if index == endIndex { break }
            index = self.index(after: index)
        }
        return nil
    }
}
