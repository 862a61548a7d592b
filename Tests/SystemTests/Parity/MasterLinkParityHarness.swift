import CNISpec
import LinuxSystem
import TestSupport

/// The parity harness for plugins whose link hangs off a master in the host namespace (macvlan,
/// ipvlan, vlan) or that are chained after such a plugin (vrf): the same configuration through
/// Debian's reference plugin and through ours, each with a fresh host namespace (master `pvm0`),
/// container namespace and IPAM directory; compared are the normalised result, the container's
/// and host's kernel state after ADD, and what DEL leaves behind.
struct MasterLinkParityHarness {
    /// What one side produced.
    struct Outcome: Equatable, CustomStringConvertible {
        var result: JSONValue
        var container: JSONValue
        var host: JSONValue
        var afterDelete: JSONValue
        var description: String {
            [("result", result), ("container", container), ("host", host), ("afterDelete", afterDelete)]
                .map { "\($0.0): \(JSONSerializer.string($0.1))" }.joined(separator: "\n")
        }
    }

    /// The plugin compared.
    var plugin: String
    /// A chain's first plugin (always Debian's) and its configuration template; its result
    /// becomes `{PREV}` in the compared plugin's configuration.
    var first: (plugin: String, config: String)?
    /// Host-namespace setup before ADD (`ip -n HOST` arguments), e.g. a default route.
    var hostSetup: [[String]] = []

    func run(config template: String, version: String, args: String? = nil) throws -> (go: Outcome, ours: Outcome) {
        (try side(ours: false, template, version, args), try side(ours: true, template, version, args))
    }

    private func side(ours: Bool, _ template: String, _ version: String, _ args: String?) throws -> Outcome {
        let reference = ["host-local"] + (first.map { [$0.plugin] } ?? [])
        let fixture = try MasterLinkFixture(ours: ours, plugins: [plugin], reference: reference)
        for arguments in hostSetup { try Command.check(["ip", "-n", fixture.host.name] + arguments) }
        var previous = "null"
        var firstConfig: String?
        if let first {
            let config = fixture.config(first.config, version: version)
            previous = JSONSerializer.string(try fixture.add(first.plugin, config: config))
            firstConfig = config
        }
        let config = fixture.config(template, version: version, previous: previous)
        let added = try fixture.run(plugin, "ADD", config: config, args: args)
        let parsed = (try? JSONParser.parse(added.stdout)) ?? .string(added.stdout)
        // A link on a master starts UNKNOWN and turns UP when the kernel's link watcher gets to it
        // (later still in an emulated VM): wait for that, within a bound, on both sides.
        _ = eventually(timeout: 3) { ParityHarness.operationallyFinal(link: "eth0", in: fixture.container.name) }
        let result = Normalizer(host: fixture.master, netns: fixture.container.path).result(parsed, succeeded: added.succeeded)
        let container = try Self.containerState(fixture.container)
        let host = try Self.hostState(fixture.host)

        let deleted = try fixture.run(plugin, "DEL", config: config, args: args)
        if let first, let firstConfig {
            _ = try fixture.run(first.plugin, "DEL", config: firstConfig)
        }
        let afterDelete: JSONValue = [
            "deleted": .bool(deleted.succeeded),
            "container": .array(try MasterLinkFixture.linkNames(fixture.container).map { .string($0) }),
            "host": .array(try MasterLinkFixture.linkNames(fixture.host).map { .string($0) }),
            "leases": .number(JSONNumber(fixture.leases().count)),
        ]
        return Outcome(result: result, container: container, host: host, afterDelete: afterDelete)
    }

    /// The container's links, addresses and sysctls (as for the bridge), plus every unicast
    /// route of every table with its table, so routes moved into a VRF's table count.
    static func containerState(_ ns: TestNamespace) throws -> JSONValue {
        var state = (try KernelSnapshot.container(ns)).objectValue ?? JSONObject()
        var routes: [JSONValue] = []
        for family in ["-4", "-6"] {
            let list = try JSONParser.parse(try Command.check(["ip", "-n", ns.name, "-j", "-d", family, "route", "show", "table", "all"]))
            for route in list.arrayValue ?? [] {
                guard let destination = route["dst"]?.stringValue, !destination.hasPrefix("fe80"), !destination.hasPrefix("ff"),
                      route["table"]?.stringValue != "local",
                      // Local and broadcast routes follow from the addresses, which are compared;
                      // the kernel adds IPv6 ones some time after the address (DAD).
                      !["multicast", "local", "broadcast"].contains(route["type"]?.stringValue ?? "") else { continue }
                routes.append([
                    "dst": .string(destination), "gateway": route["gateway"] ?? .null, "dev": route["dev"] ?? .null,
                    "table": route["table"] ?? "main", "type": route["type"] ?? .null,
                ])
            }
        }
        let links = try JSONParser.parse(try ns.ipJSON("-d", "link", "show")).arrayValue ?? []
        state["links"] = .array(links.map { link in
            let data = link["linkinfo"]?["info_data"]
            return [
                "ifname": link["ifname"] ?? .null, "kind": link["linkinfo"]?["info_kind"] ?? .null,
                "mode": data?["mode"] ?? .null, "vlan": data?["id"] ?? .null, "table": data?["table"] ?? .null,
                "master": link["master"] ?? .null,
            ]
        })
        state["allRoutes"] = .array(routes.sorted { JSONSerializer.string($0) < JSONSerializer.string($1) })
        return .object(state)
    }

    /// The host namespace's links: name, kind, MTU, flags (promiscuity shows passthru mode).
    static func hostState(_ ns: TestNamespace) throws -> JSONValue {
        let links = try JSONParser.parse(try ns.ipJSON("-d", "link", "show")).arrayValue ?? []
        return .array(links.map { link in
            [
                "ifname": link["ifname"] ?? .null, "kind": link["linkinfo"]?["info_kind"] ?? .null,
                "mtu": link["mtu"] ?? .null, "promiscuity": link["promiscuity"] ?? .null,
                "flags": .array((link["flags"]?.arrayValue ?? []).filter { $0 != "LOWER_UP" && $0 != "NO-CARRIER" }),
            ]
        })
    }
}

