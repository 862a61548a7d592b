import CNISpec
import LinuxSystem
import TestSupport

/// The kernel state a plugin is responsible for, read with `ip -j`, `bridge -j` and sysctl,
/// reduced to what both implementations must agree on (no indexes, MACs, generated names or
/// link-local addresses derived from MACs).
enum KernelSnapshot {
    /// Links, addresses, routes and the per-interface sysctls plugins set, inside a container.
    static func container(_ ns: TestNamespace) throws -> JSONValue {
        let links = try JSONParser.parse(try ns.ipJSON("-d", "addr", "show")).arrayValue ?? []
        var interfaces: [JSONValue] = []
        for link in links {
            guard let name = link["ifname"]?.stringValue else { continue }
            var entry: JSONObject = [
                "ifname": .string(name), "mtu": link["mtu"] ?? .null, "operstate": link["operstate"] ?? .null,
                "kind": link["linkinfo"]?["info_kind"] ?? .null,
                "flags": .array((link["flags"]?.arrayValue ?? []).filter { $0 != "LOWER_UP" && $0 != "NO-CARRIER" }),
            ]
            entry["addresses"] = .array((link["addr_info"]?.arrayValue ?? []).compactMap { address in
                guard let local = address["local"]?.stringValue, !local.hasPrefix("fe80:") else { return nil }
                return .string("\(local)/\(address["prefixlen"]?.numberValue?.literal ?? "?")")
            })
            for key in ["net/ipv6/conf/\(name)/accept_dad", "net/ipv4/conf/\(name)/arp_notify"] {
                entry[key] = .string((try? Command.check(["ip", "netns", "exec", ns.name, "cat", "/proc/sys/\(key)"]))?
                    .filter { !$0.isWhitespace } ?? "-")
            }
            interfaces.append(.object(entry))
        }
        var routes: [JSONValue] = []
        for family in ["-4", "-6"] {
            for route in try JSONParser.parse(try Command.check(["ip", "-n", ns.name, "-j", family, "route", "show", "table", "all"])).arrayValue ?? [] {
                guard let destination = route["dst"]?.stringValue, !destination.hasPrefix("fe80"), route["type"]?.stringValue != "local",
                      route["type"]?.stringValue != "multicast", route["table"]?.stringValue != "local" else { continue }
                routes.append([
                    "dst": .string(destination), "gateway": route["gateway"] ?? .null, "dev": route["dev"] ?? .null,
                    "protocol": route["protocol"] ?? .null, "scope": route["scope"] ?? .null,
                ])
            }
        }
        return ["interfaces": .array(interfaces), "routes": .array(routes.sorted { JSONSerializer.string($0) < JSONSerializer.string($1) })]
    }

    /// A host link the plugin created (a bridge): its state, addresses and its ports' options,
    /// plus the forwarding sysctls.
    static func host(link name: String, port: String?) throws -> JSONValue {
        let output = try Command.run(["ip", "-j", "-d", "addr", "show", "dev", name])
        var host: JSONObject = [:]
        if output.succeeded, let link = (try JSONParser.parse(output.stdout)).arrayValue?.first {
            host["link"] = [
                "mtu": link["mtu"] ?? .null, "operstate": link["operstate"] ?? .null,
                "kind": link["linkinfo"]?["info_kind"] ?? .null,
                "addresses": .array((link["addr_info"]?.arrayValue ?? []).compactMap { address in
                    guard let local = address["local"]?.stringValue, !local.hasPrefix("fe80:") else { return nil }
                    return .string("\(local)/\(address["prefixlen"]?.numberValue?.literal ?? "?")")
                }),
            ]
            let ports = try JSONParser.parse(try Command.check(["bridge", "-j", "-d", "link", "show", "master", name]))
            // Only this attachment's port: the bridge may carry others.
            host["ports"] = .array((ports.arrayValue ?? []).filter { $0["ifname"]?.stringValue == port }.map { port in
                ["hairpin": port["hairpin"] ?? .null, "isolated": port["isolated"] ?? .null, "learning": port["learning"] ?? .null,
                 "state": port["state"] ?? .null, "vlans": Self.vlans(of: port["ifname"]?.stringValue ?? "")]
            })
            host["vlan_filtering"] = link["linkinfo"]?["info_data"]?["vlan_filtering"] ?? .null
            // The VLAN gateway interfaces (`<bridge>.<vlan>`) that hold the gateway with `vlan`.
            let all = (try? JSONParser.parse(try Command.check(["ip", "-j", "addr", "show"])).arrayValue) ?? []
            host["vlan_gateways"] = .array(all.filter { $0["ifname"]?.stringValue?.hasPrefix(name + ".") == true }.map { link in
                ["operstate": link["operstate"] ?? .null, "addresses": .array((link["addr_info"]?.arrayValue ?? []).compactMap {
                    guard let local = $0["local"]?.stringValue, !local.hasPrefix("fe80:") else { return nil }
                    return .string(local)
                })]
            })
        } else {
            host["link"] = "absent"
        }
        host["ip_forward"] = .string((try? Sysctl.read("net/ipv4/ip_forward")) ?? "-")
        return .object(host)
    }

    /// A bridge port's VLANs with their flags (`bridge -j vlan show dev PORT`); `[]` where the
    /// kernel has no VLAN filtering to report.
    static func vlans(of port: String) -> JSONValue {
        guard let output = try? Command.run(["bridge", "-j", "vlan", "show", "dev", port]), output.succeeded,
              let entries = (try? JSONParser.parse(output.stdout))?.arrayValue else { return [] }
        return .array(entries.flatMap { $0["vlans"]?.arrayValue ?? [] })
    }
}
