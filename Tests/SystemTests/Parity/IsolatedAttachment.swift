import CNISpec
import LinuxSystem
import TestSupport

/// One attachment with a namespace of its own for the host side as well as for the container:
/// the plugin runs inside the "host" namespace (`ip netns exec`, which also mounts that
/// namespace's sysfs), so its veths, addresses, routes and forwarding sysctls never touch the
/// machine's real namespace and tests running in parallel cannot see each other. Both
/// namespaces, and with them every link made in them, go when the value does.
final class IsolatedAttachment {
    /// A plugin call's exit status and its output parsed as JSON (the text as a string if it is not).
    struct Call {
        var status: Int32
        var output: JSONValue
        var stderr: String
        var succeeded: Bool { status == 0 }
        /// The CNI error code of a failed call.
        var code: Int? { output["code"]?.numberValue?.integer(as: Int.self) }
        var message: String { output["msg"]?.stringValue ?? "" }
    }

    let host: TestNamespace
    let container: TestNamespace
    /// Links to the plugins under test: ours, or Debian's reference build.
    let pluginDirectory: String
    /// A directory for IPAM leases (`{DATA}` in configurations).
    let dataDirectory: String
    let isOurs: Bool

    /// `ours`: our binary answers to `plugins`, otherwise Debian's reference does; `reference`
    /// plugins are Debian's on both sides (a chain's first plugin when only the second is compared).
    init(ours: Bool, plugins: [String], reference: [String] = []) throws {
        isOurs = ours
        pluginDirectory = ours
            ? try Binaries.pluginDirectory(ours: plugins, reference: reference)
            : try Binaries.pluginDirectory(reference: plugins + reference)
        dataDirectory = try Fixtures.temporaryDirectory("swiftcni-ph-data")
        host = try TestNamespace(prefix: "ph-host")
        container = try TestNamespace(prefix: "ph-ctr")
        try Command.check(["ip", "-n", host.name, "link", "set", "lo", "up"])
        // A new namespace copies the machine's IPv4 `all`/`default` settings (ip_forward among
        // them), which tests running beside this one may have just flipped: start from a known state.
        for namespace in [host, container] {
            _ = try namespace.exec(["sh", "-c", "echo 0 > /proc/sys/net/ipv4/ip_forward"])
        }
    }

    deinit {
        try? FileSystem.removeTree(pluginDirectory)
        try? FileSystem.removeTree(dataDirectory)
    }

    /// Runs shell commands inside the host namespace (to prepare the device host-device moves).
    func prepareHost(_ script: String) throws {
        try host.exec(["sh", "-ec", script]).requireSuccess(script)
    }

    /// The configuration with `{DATA}`, `{VERSION}` and `{PREV}` (a previous result, `null` if
    /// none) filled in.
    func configuration(_ template: String, version: String, previous: String = "null") -> String {
        template.replacingAll("{DATA}", with: dataDirectory).replacingAll("{VERSION}", with: version)
            .replacingAll("{PREV}", with: previous)
    }

    /// Runs `plugin` with `command` inside the host namespace.
    func run(_ plugin: String, _ command: String, config: String, interfaceName: String = "eth0",
             netns: String? = nil, args: String? = nil) throws -> Call {
        var environment = [
            "CNI_COMMAND": command, "CNI_CONTAINERID": "ph-\(container.name)", "CNI_NETNS": netns ?? container.path,
            "CNI_IFNAME": interfaceName, "CNI_PATH": pluginDirectory,
        ]
        if let args { environment["CNI_ARGS"] = args }
        let output = try Command.run(
            ["ip", "netns", "exec", host.name, "env"] + environment.map { "\($0.key)=\($0.value)" }.sorted()
                + ["\(pluginDirectory)/\(plugin)"],
            stdin: config)
        let json = output.stdout.isEmpty ? JSONValue.null : ((try? JSONParser.parse(output.stdout)) ?? .string(output.stdout))
        return Call(status: output.status, output: json, stderr: output.stderr)
    }

    /// `config` with `prevResult` set, for CHECK.
    static func withPreviousResult(_ config: String, _ result: JSONValue) throws -> String {
        guard case .object(var object) = try JSONParser.parse(config) else { return config }
        object["prevResult"] = result
        return JSONSerializer.string(.object(object))
    }

    /// Waits (bounded) until the links of both namespaces have left their transitional states:
    /// the kernel updates operational states asynchronously, so a link that is up can still read
    /// DOWN for a moment (before it turns UP, or LOWERLAYERDOWN once its peer went down).
    func settle() {
        _ = eventually(timeout: 3) {
            [host.name, container.name].allSatisfy { namespace in
                guard let text = try? Command.check(["ip", "-n", namespace, "-j", "link", "show"]),
                      let links = try? JSONParser.parse(text).arrayValue else { return true }
                return links.allSatisfy { link in
                    !(link["flags"]?.arrayValue ?? []).contains("UP") || link["operstate"]?.stringValue != "DOWN"
                }
            }
        }
    }
}

extension Command.Output {
    /// Throws with the command's output unless it succeeded.
    func requireSuccess(_ what: String) throws {
        guard succeeded else { throw CommandFailure(command: what, output: self) }
    }
}

extension IsolatedAttachment {
    /// Every lease file an IPAM plugin holds in the data directory (its lock, `last_reserved_ip.N`
    /// and our index left out), as `network/address`.
    func allLeases() -> [String] {
        let output = (try? Command.run(["find", dataDirectory, "-type", "f"]))?.stdout ?? ""
        return output.split(separator: "\n").map { String($0.dropFirst(dataDirectory.count + 1)) }.filter { path in
            let name = path.split(separator: "/").last.map(String.init) ?? ""
            return name != "lock" && !name.hasPrefix("last_reserved_ip") && !path.hasPrefix(".swift-cni-index/")
        }.sorted()
    }
}
