import CNISpec
import TestSupport

/// The kernel state of one namespace that ptp, host-device and tap are responsible for, read with
/// `ip -j` and sysctl and reduced to what two implementations must agree on: generated names
/// (`veth…`, `tap…`) become placeholders; MACs, indexes and link-local addresses are left out.
enum NamespaceSnapshot {
    static func take(_ namespace: TestNamespace) throws -> JSONValue {
        let links = try JSONParser.parse(try namespace.ipJSON("-d", "addr", "show")).arrayValue ?? []
        var interfaces: [JSONValue] = []
        for link in links {
            guard let name = link["ifname"]?.stringValue, name != "lo" else { continue }
            var entry: JSONObject = [
                "ifname": .string(placeholder(name)), "mtu": link["mtu"] ?? .null, "operstate": operationalState(link),
                "kind": link["linkinfo"]?["info_kind"] ?? .null, "alias": link["ifalias"] ?? .null,
                "master": link["master"].map { .string(placeholder($0.stringValue ?? "")) } ?? .null,
                "flags": .array((link["flags"]?.arrayValue ?? []).filter { $0 != "LOWER_UP" && $0 != "NO-CARRIER" }),
            ]
            entry["addresses"] = .array((link["addr_info"]?.arrayValue ?? []).compactMap { address in
                guard let local = address["local"]?.stringValue, !local.hasPrefix("fe80:") else { return nil }
                let broadcast = address["broadcast"]?.stringValue.map { " brd \($0)" } ?? ""
                return .string("\(local)/\(address["prefixlen"]?.numberValue?.literal ?? "?")\(broadcast)")
            })
            for key in ["net/ipv6/conf/\(name)/accept_dad", "net/ipv4/conf/\(name)/arp_notify", "net/ipv6/conf/\(name)/disable_ipv6"] {
                entry[key.replacingAll(name, with: "IF")] = sysctl(key, in: namespace)
            }
            interfaces.append(.object(entry))
        }
        var routes: [JSONValue] = []
        for family in ["-4", "-6"] {
            let text = try Command.check(["ip", "-n", namespace.name, "-j", family, "route", "show", "table", "all"])
            for route in try JSONParser.parse(text).arrayValue ?? [] {
                guard let destination = route["dst"]?.stringValue, !destination.hasPrefix("fe80"),
                      route["type"]?.stringValue != "local", route["type"]?.stringValue != "multicast",
                      route["table"]?.stringValue != "local" else { continue }
                routes.append([
                    "dst": .string(destination), "gateway": route["gateway"] ?? .null,
                    "dev": .string(placeholder(route["dev"]?.stringValue ?? "")), "prefsrc": route["prefsrc"] ?? .null,
                    "protocol": route["protocol"] ?? .null, "scope": route["scope"] ?? .null,
                    "flags": route["flags"] ?? .null,
                ])
            }
        }
        return [
            "interfaces": .array(interfaces),
            "routes": .array(routes.sorted { JSONSerializer.string($0) < JSONSerializer.string($1) }),
            "ip_forward": sysctl("net/ipv4/ip_forward", in: namespace),
            "ipv6_forwarding": sysctl("net/ipv6/conf/all/forwarding", in: namespace),
        ]
    }

    /// LOWERLAYERDOWN counts as DOWN: both mean "no carrier", and which of them the kernel
    /// reports for a veth whose peer just left for another namespace depends on timing.
    private static func operationalState(_ link: JSONValue) -> JSONValue {
        link["operstate"] == "LOWERLAYERDOWN" ? "DOWN" : link["operstate"] ?? .null
    }

    private static func placeholder(_ name: String) -> String {
        if name.hasPrefix("veth") { return "VETH" }
        if name.hasPrefix("tap") && name.count > 8 { return "TAP" }
        return name
    }

    private static func sysctl(_ key: String, in namespace: TestNamespace) -> JSONValue {
        let output = try? namespace.exec(["cat", "/proc/sys/\(key)"])
        guard let output, output.succeeded else { return "-" }
        return .string(output.stdout.filter { !$0.isWhitespace })
    }
}
