import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// Which implementation of a plugin runs a step.
enum Implementation: String, CaseIterable, CustomStringConvertible {
    /// Debian's build of the Go reference plugins (v1.1.1), in /usr/lib/cni.
    case go
    /// Our multi-call binary, linked under the plugin's name.
    case ours

    var description: String { rawValue }
}

/// What one plugin run produced.
struct PluginOutcome: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var succeeded: Bool { status == 0 }
    /// stdout parsed, with object keys sorted so that results compare by content.
    var json: JSONValue? { (try? JSONParser.parse(stdout)).map(canonical) }
    /// The error code, for a failed run.
    var code: UInt? { json.flatMap { CNIError(json: $0) }?.code.rawValue }
    /// The error message, for a failed run.
    var message: String { json?["msg"]?.stringValue ?? stdout }

    var description: String { succeeded ? stdout : "exit \(status), code \(code.map(String.init) ?? "-"): \(message) \(stderr)" }
}

/// Object members in key order, recursively: Go and we may order keys differently.
func canonical(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let object):
        return .object(JSONObject(object.members.sorted { $0.key < $1.key }
            .map { JSONObject.Member(key: $0.key, value: canonical($0.value)) }))
    case .array(let elements):
        return .array(elements.map(canonical))
    default:
        return value
    }
}

/// A scratch area for IPAM tests: a data directory per implementation and links to both plugins.
final class IPAMScratch: @unchecked Sendable {
    let root: String
    let ourPlugins: String

    init() throws {
        for name in ["host-local", "static"] {
            try #require(FileSystem.isExecutableFile("\(Binaries.referencePluginDirectory)/\(name)"),
                         "the reference plugin \(name) is missing: install Debian's containernetworking-plugins")
        }
        try #require(FileSystem.isExecutableFile(Binaries.plugins), "build first: swift build --build-tests")
        root = try Fixtures.temporaryDirectory("swiftcni-ipam")
        ourPlugins = try Binaries.pluginDirectory(ours: ["host-local", "static"])
    }

    deinit {
        try? FileSystem.removeTree(root)
        try? FileSystem.removeTree(ourPlugins)
    }

    /// A data directory under the scratch root.
    func dataDirectory(_ name: String) -> String { "\(root)/\(name)" }

    func pluginPath(_ implementation: Implementation, _ plugin: String) -> String {
        switch implementation {
        case .go: "\(Binaries.referencePluginDirectory)/\(plugin)"
        case .ours: "\(ourPlugins)/\(plugin)"
        }
    }

    /// Runs a plugin directly, as a runtime would: CNI variables in the environment, the
    /// configuration on stdin.
    func run(_ implementation: Implementation, _ command: String, plugin: String = "host-local",
             container: String = "c1", ifname: String = "eth0", args: String = "", config: String) throws -> PluginOutcome {
        var environment = [
            "CNI_COMMAND": command, "CNI_CONTAINERID": container, "CNI_NETNS": "/var/run/netns/swiftcni-none",
            "CNI_IFNAME": ifname, "CNI_PATH": ourPlugins,
        ]
        if !args.isEmpty { environment["CNI_ARGS"] = args }
        let output = try Command.run([pluginPath(implementation, plugin)], environment: environment, stdin: config)
        return PluginOutcome(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    /// Every file in a lease directory with its content: the state both plugins must agree on.
    func snapshot(_ leaseDirectory: String) throws -> [String: String] {
        guard FileSystem.isDirectory(leaseDirectory) else { return [:] }
        var files: [String: String] = [:]
        for name in try FileSystem.listDirectory(leaseDirectory) {
            files[name] = String(decoding: try FileSystem.readFile("\(leaseDirectory)/\(name)"), as: UTF8.self)
        }
        return files
    }
}

/// One step of a scenario.
struct Step: CustomStringConvertible {
    var command: String
    var container: String = "c1"
    var ifname: String = "eth0"
    var args: String = ""

    static func add(_ container: String, _ ifname: String = "eth0", args: String = "") -> Step {
        Step(command: "ADD", container: container, ifname: ifname, args: args)
    }
    static func del(_ container: String, _ ifname: String = "eth0") -> Step {
        Step(command: "DEL", container: container, ifname: ifname)
    }
    static func check(_ container: String, _ ifname: String = "eth0") -> Step {
        Step(command: "CHECK", container: container, ifname: ifname)
    }

    var description: String { "\(command) \(container)/\(ifname)\(args.isEmpty ? "" : " CNI_ARGS=\(args)")" }
}

/// A log of differences, reported as test issues with the step that caused them.
struct Comparison {
    var differences: [String] = []

    mutating func expect(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { differences.append(what()) }
    }

    /// Compares two outcomes of the same step: both succeed with the same result, or both fail.
    /// Where the reference says 999 for a configuration error we say 7 (and 4 for `CNI_ARGS`):
    /// docs/differences.md.
    mutating func compare(_ step: String, go: PluginOutcome, ours: PluginOutcome) {
        guard go.succeeded == ours.succeeded else {
            differences.append("\(step): go \(go) / ours \(ours)")
            return
        }
        if go.succeeded {
            expect(go.json == ours.json, "\(step): results differ\n go:   \(go.stdout)\n ours: \(ours.stdout)")
        } else if let goCode = go.code, goCode != 999 {
            expect(goCode == ours.code, "\(step): error codes differ: go \(go) / ours \(ours)")
        }
    }

    func record(sourceLocation: SourceLocation = #_sourceLocation) {
        for difference in differences { Issue.record(Comment(rawValue: difference), sourceLocation: sourceLocation) }
    }
}
