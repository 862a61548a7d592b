import CNISpec
import LinuxSystem

/// Everything of one network namespace that a plugin can change and a user can observe, read
/// with `ip -d -j`, `bridge -j`, `tc -j` and `/proc/sys/net`, as a flat map from a path
/// (`links/eth0/txqlen`, `sysctl/VETH/ipv6/accept_ra`, `routes/main/unicast 10.0.0.0/24 dev eth0/gateway`)
/// to a value, so that two implementations' namespaces compare field by field and a difference
/// names the field.
///
/// Nothing is left out because it was not thought of: every attribute the tools print is kept,
/// except the few in ``volatileKeys``, which differ between two identical runs by nature (kernel
/// counters, MAC-derived identifiers, countdown timers). Names the plugins generate (`veth…`,
/// `tap…`) become placeholders. Deliberate differences between implementations are not removed
/// here: a comparison allows them by path (``AllowedDifference``), each with its reason.
public struct KernelState: Equatable, Sendable, CustomStringConvertible {
    /// Path → value.
    public private(set) var entries: [String: String]

    public init(entries: [String: String] = [:]) { self.entries = entries }

    public var description: String {
        entries.keys.sorted().map { "\($0) = \(entries[$0] ?? "")" }.joined(separator: "\n")
    }

    /// Keys of `ip -d -j link` (at any depth) whose values differ between two identical runs:
    /// link indexes and namespace ids (kernel counters), MAC addresses and the bridge identifiers
    /// made from them, and timers counting down.
    public static let volatileKeys: Set<String> = [
        "ifindex", "link_index", "link_netnsid", "address", "permaddr", "bridge_id", "root_id", "designated_root",
        "designated_bridge", "gc_timer", "hello_timer", "tcn_timer", "topology_change_timer", "forward_delay_timer",
        "message_age_timer", "hold_timer",
    ]

    /// Reads the state of `namespace` (`nil`: this process's namespace). Waits, within a bound,
    /// for the kernel to finish what it does asynchronously after a plugin returns (operational
    /// states, IPv6 duplicate address detection), so that both sides are read settled.
    /// `keepingMACsOf`: links whose MAC address counts (one the configuration chose).
    public static func read(_ namespace: String?, keepingMACsOf stableMACs: Set<String> = []) throws -> KernelState {
        settle(namespace)
        var state = KernelState()
        let links = try parse(ip(namespace, ["-d", "-j", "link", "show"]))
        var names = NamePlaceholders()
        for link in links { names.register(link["ifname"]?.stringValue ?? "") }

        for link in links {
            guard let name = link["ifname"]?.stringValue else { continue }
            state.flatten(link, at: "links/\(names[name])", names: names, skipping: ["ifname"])
            // LOWERLAYERDOWN and DOWN both mean "no carrier"; which of them the kernel reports for
            // a veth whose peer just left or went down depends on timing.
            if link["operstate"] == "LOWERLAYERDOWN" { state.entries["links/\(names[name])/operstate"] = "DOWN" }
            if stableMACs.contains(name) { state.entries["links/\(name)/address"] = link["address"]?.stringValue }
        }
        for link in try parse(ip(namespace, ["-j", "addr", "show"])) {
            guard let name = link["ifname"]?.stringValue else { continue }
            let generatesFromMAC = links.first { $0["ifname"] == link["ifname"] }?["inet6_addr_gen_mode"] == "eui64"
            for address in link["addr_info"]?.arrayValue ?? [] {
                guard var local = address["local"]?.stringValue else { continue }
                // A link-local address made from the MAC is as random as the MAC; which link has
                // one (and its flags) still counts.
                if generatesFromMAC && local.hasPrefix("fe80:") { local = "fe80::EUI64" }
                let path = "addresses/\(names[name])/\(local)/\(address["prefixlen"]?.numberValue?.literal ?? "?")"
                state.entries[path] = "present"
                for member in address.objectValue ?? JSONObject() where !["local", "prefixlen"].contains(member.key) {
                    var value = Self.scalar(member.value, names: names)
                    // Finite lifetimes count down; that they are finite is what a plugin decides.
                    if member.key.hasSuffix("_life_time") && value != "4294967295" { value = "finite" }
                    state.entries["\(path)/\(member.key)"] = value
                }
            }
        }
        try state.readRoutes(namespace, names: names)
        try state.readRules(namespace)
        try state.readSysctls(namespace, links: links.compactMap { $0["ifname"]?.stringValue }, names: names)
        state.readBridgeVLANs(namespace, names: names)
        state.readQueueingDisciplines(namespace, names: names)
        return state
    }

    /// The paths where `self` (ours) and `reference` differ, with both values, other than those
    /// `allowed` names.
    public func differences(from reference: KernelState, allowing allowed: [AllowedDifference] = []) -> [String] {
        let paths = Set(entries.keys).union(reference.entries.keys).sorted()
        return paths.compactMap { path in
            let (mine, theirs) = (entries[path], reference.entries[path])
            guard mine != theirs, !allowed.contains(where: { $0.matches(path) }) else { return nil }
            return "\(path): reference \(theirs ?? "(absent)"), ours \(mine ?? "(absent)")"
        }
    }

    // MARK: - Reading

    private mutating func readRoutes(_ namespace: String?, names: NamePlaceholders) throws {
        for family in ["-4", "-6"] {
            for route in try Self.parse(Self.ip(namespace, ["-d", "-j", family, "route", "show", "table", "all"])) {
                let table = route["table"]?.stringValue ?? "main"
                let type = route["type"]?.stringValue ?? "unicast"
                let device = names[route["dev"]?.stringValue ?? "-"]
                let destination = Self.placeholderAddress(route["dst"]?.stringValue ?? "?")
                let path = "routes/\(table)/\(type) \(destination) dev \(device)"
                entries[path] = "present"
                for member in route.objectValue ?? JSONObject() where !["table", "type", "dev", "dst"].contains(member.key) {
                    entries["\(path)/\(member.key)"] = Self.placeholderAddress(Self.scalar(member.value, names: names))
                }
            }
        }
    }

    private mutating func readRules(_ namespace: String?) throws {
        for family in ["-4", "-6"] {
            for rule in try Self.parse(Self.ip(namespace, ["-j", family, "rule", "show"])) {
                entries["rules\(family)/\(Self.scalar(rule, names: NamePlaceholders()))"] = "present"
            }
        }
    }

    /// Every readable `net.ipv4.conf.<link>.*` and `net.ipv6.conf.<link>.*`, for each link and
    /// for `all` and `default`, and `net.ipv4.ip_forward`.
    private mutating func readSysctls(_ namespace: String?, links: [String], names: NamePlaceholders) throws {
        let directories = (links + ["all", "default"]).flatMap { ["/proc/sys/net/ipv4/conf/\($0)", "/proc/sys/net/ipv6/conf/\($0)"] }
        // One process for all of them; `grep -r . DIR` prints `path:value` per readable file
        // (`stable_secret` is unreadable until set, and left out).
        let script = "grep -r . /proc/sys/net/ipv4/ip_forward " + directories.map { "'\($0)'" }.joined(separator: " ") + " 2>/dev/null; true"
        let output = try Self.run(namespace, ["sh", "-c", script])
        for line in output.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            var key = String(line[..<colon].dropFirst("/proc/sys/net/".count))
            let value = String(line[line.index(after: colon)...])
            // `ipv6/conf/vethab12cd34/accept_ra` → `sysctl/VETH/ipv6/accept_ra`.
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 4, parts[1] == "conf" {
                key = "\(names[String(parts[2])])/\(parts[0])/\(parts[3])"
            }
            entries["sysctl/\(key)"] = value
        }
    }

    private mutating func readBridgeVLANs(_ namespace: String?, names: NamePlaceholders) {
        guard let text = try? Self.run(namespace, ["bridge", "-j", "vlan", "show"]),
              let ports = try? Self.parse(text) else { return }
        for port in ports {
            let name = names[port["ifname"]?.stringValue ?? "?"]
            for vlan in port["vlans"]?.arrayValue ?? [] {
                entries["bridge-vlans/\(name)/\(vlan["vlan"]?.numberValue?.literal ?? "?")"] =
                    Self.scalar(.array(vlan["flags"]?.arrayValue ?? []), names: names)
            }
        }
    }

    private mutating func readQueueingDisciplines(_ namespace: String?, names: NamePlaceholders) {
        guard let text = try? Self.run(namespace, ["tc", "-j", "qdisc", "show"]), let qdiscs = try? Self.parse(text) else { return }
        for qdisc in qdiscs {
            let device = names[qdisc["dev"]?.stringValue ?? "?"]
            let path = "qdiscs/\(device)/\(qdisc["parent"]?.stringValue ?? (qdisc["root"] == .bool(true) ? "root" : "?"))"
            for member in qdisc.objectValue ?? JSONObject() where member.key != "dev" {
                entries["\(path)/\(member.key)"] = Self.scalar(member.value, names: names)
            }
        }
    }

    // MARK: - Flattening

    private mutating func flatten(_ value: JSONValue, at path: String, names: NamePlaceholders, skipping: Set<String> = []) {
        switch value {
        case .object(let object):
            for member in object where !skipping.contains(member.key) && !Self.volatileKeys.contains(member.key) {
                flatten(member.value, at: "\(path)/\(member.key)", names: names)
            }
        default:
            entries[path] = Self.scalar(value, names: names)
        }
    }

    /// A value as one string: arrays and objects in a canonical JSON form (keys sorted), names
    /// replaced by their placeholders.
    private static func scalar(_ value: JSONValue, names: NamePlaceholders) -> String {
        switch value {
        case .string(let text): return names[text]
        case .number(let number): return number.literal
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let elements): return "[" + elements.map { scalar($0, names: names) }.joined(separator: ",") + "]"
        case .object(let object):
            return "{" + object.members.filter { !volatileKeys.contains($0.key) }.sorted { $0.key < $1.key }
                .map { "\($0.key):\(scalar($0.value, names: names))" }.joined(separator: ",") + "}"
        }
    }

    /// `fe80::…` link-local addresses (made from MACs) as a placeholder, keeping prefixes.
    private static func placeholderAddress(_ text: String) -> String {
        text.hasPrefix("fe80::") && text != "fe80::/64" ? "fe80::EUI64" + (text.firstIndex(of: "/").map { String(text[$0...]) } ?? "") : text
    }

    // MARK: - Settling

    /// Waits (at most 20 seconds) until no IPv6 address is tentative and every link that is up
    /// shows in its operational state what its carrier is: `UP` (or `UNKNOWN`, for links that
    /// do not report one) with carrier (`LOWER_UP`), anything else without. Both are the kernel
    /// finishing a plugin's work after it returned: the operational state follows the carrier a
    /// moment later (until then `ip` shows `NO-CARRIER` beside `LOWER_UP`), and that moment is
    /// also when a link gets its IPv6 link-local address. DAD takes a second or two more; a
    /// loaded runner running suites side by side takes longer.
    private static func settle(_ namespace: String?) {
        _ = eventually(timeout: 20) {
            // With -d the dump also says each link's kind: no further call per link.
            guard let links = try? parse(ip(namespace, ["-d", "-j", "addr", "show"])) else { return true }
            return links.allSatisfy { link in
                let flags = link["flags"]?.arrayValue ?? []
                let tentative = (link["addr_info"]?.arrayValue ?? []).contains { $0["tentative"] == .bool(true) && $0["dadfailed"] == nil }
                guard flags.contains("UP") else { return !tentative }
                let carrier = flags.contains("LOWER_UP")
                // A bridge that lost its last port drops its carrier a moment later.
                let portless = link["ifname"].map { name in !links.contains { $0["master"] == name } } ?? true
                if carrier && portless && link["linkinfo"]?["info_kind"] == "bridge" { return false }
                let operational = ["UP", "UNKNOWN"].contains(link["operstate"]?.stringValue ?? "")
                return operational == carrier && !tentative
            }
        }
    }

    // MARK: - Tools

    private static func ip(_ namespace: String?, _ arguments: [String]) throws -> String {
        try Command.check(["ip"] + (namespace.map { ["-n", $0] } ?? []) + arguments)
    }

    private static func run(_ namespace: String?, _ arguments: [String]) throws -> String {
        try Command.check((namespace.map { ["ip", "netns", "exec", $0] } ?? []) + arguments)
    }

    private static func parse(_ text: String) throws -> [JSONValue] {
        try JSONParser.parse(text.isEmpty ? "[]" : text).arrayValue ?? []
    }
}

/// A field allowed to differ from the reference, and why: the harness lists them rather than
/// normalising them away, so each stays visible and a reviewer can judge its reason.
public struct AllowedDifference: Sendable {
    /// A path of ``KernelState`` where `*` matches any run of characters.
    public var pattern: String
    public var reason: String

    public init(_ pattern: String, because reason: String) {
        self.pattern = pattern
        self.reason = reason
    }

    public func matches(_ path: String) -> Bool { Self.glob(Substring(pattern), Substring(path)) }

    private static func glob(_ pattern: Substring, _ text: Substring) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == "*" {
            let rest = pattern.dropFirst()
            var candidate = text
            while true {
                if glob(rest, candidate) { return true }
                guard !candidate.isEmpty else { return false }
                candidate = candidate.dropFirst()
            }
        }
        guard let character = text.first, character == first else { return false }
        return glob(pattern.dropFirst(), text.dropFirst())
    }
}

/// Names a plugin generates, as placeholders: `veth…` (8 hex digits) becomes `VETH`, a generated
/// `tap…` becomes `TAP`; a second one of a kind becomes `VETH#2`, in the order the kernel lists them.
struct NamePlaceholders {
    private var placeholders: [String: String] = [:]
    private var counts: [String: Int] = [:]

    mutating func register(_ name: String) {
        guard placeholders[name] == nil, let kind = Self.kind(of: name) else { return }
        counts[kind, default: 0] += 1
        placeholders[name] = counts[kind] == 1 ? kind : "\(kind)#\(counts[kind] ?? 0)"
    }

    subscript(name: String) -> String { placeholders[name] ?? name }

    private static func kind(of name: String) -> String? {
        let isHex = { (text: Substring) in !text.isEmpty && text.allSatisfy(\.isHexDigit) }
        if name.hasPrefix("veth"), name.count == 12, isHex(name.dropFirst(4)) { return "VETH" }
        if name.hasPrefix("tap"), name.count > 8 { return "TAP" }
        return nil
    }
}
