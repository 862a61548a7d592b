import CNISpec
import LinuxSystem
import Netlink
import TestSupport
import Testing

/// Routes and rules in a fresh namespace, checked against `ip -j route` and `ip -j rule`.
@Suite struct NetlinkRouteTests {
    /// A namespace with `v0` up, 10.250.10.1/24 and fd00:250:10::1/64 on it.
    static func prepared() throws -> NetlinkTestNamespace {
        let ns = try NetlinkTestNamespace()
        try ns.netlink.addVeth(named: "v0", peerName: "v1")
        try ns.netlink.setLinkUp("v1")
        try ns.netlink.setLinkUp("v0")
        try ns.netlink.addAddress(IPPrefix("10.250.10.1/24")!, to: "v0")
        try ns.netlink.addAddress(IPPrefix("fd00:250:10::1/64")!, to: "v0", options: .init(flags: .noDAD))
        return ns
    }

    static func route(_ ns: NetlinkTestNamespace, _ destination: String) throws -> JSONValue? {
        let all = try JSONParser.parse(try Command.check(["ip", "-n", ns.name, "-j", "route", "show"]))
        return all.arrayValue?.first { $0["dst"]?.stringValue == destination }
    }

    @Test func gatewayMetricTableScopeAndSource() throws {
        let ns = try Self.prepared()
        let v0 = try ns.netlink.link(named: "v0").index
        try ns.netlink.addRoute(Route(
            destination: IPPrefix("10.250.11.0/24"), gateway: IPAddress("10.250.10.254"), outputInterface: v0,
            priority: 100))
        try ns.netlink.addRoute(Route(
            destination: IPPrefix("10.250.12.0/24"), outputInterface: v0, table: 100,
            preferredSource: IPAddress("10.250.10.1")))
        try ns.netlink.addRoute(Route(
            destination: IPPrefix("10.250.13.0/24"), gateway: IPAddress("10.250.99.1"), outputInterface: v0,
            flags: .onLink))
        try ns.netlink.addRoute(Route(
            destination: IPPrefix("10.250.14.0/24"), outputInterface: v0, table: 1000))
        try ns.netlink.addRoute(Route(destination: IPPrefix("0.0.0.0/0"), gateway: IPAddress("10.250.10.254")))
        try ns.netlink.addRoute(Route(
            destination: IPPrefix("fd00:250:11::/64"), gateway: IPAddress("fd00:250:10::fe"), outputInterface: v0))

        let gateway = try Self.route(ns, "10.250.11.0/24")
        #expect(gateway?["gateway"]?.stringValue == "10.250.10.254")
        #expect(gateway?["metric"]?.netlinkTestInteger == 100)
        #expect(gateway?["dev"]?.stringValue == "v0")
        let inTable = try JSONParser.parse(try Command.check(["ip", "-n", ns.name, "-j", "route", "show", "table", "100"]))
            .arrayValue?.first { $0["dst"]?.stringValue == "10.250.12.0/24" }
        #expect(inTable?["scope"]?.stringValue == "link")
        #expect(inTable?["prefsrc"]?.stringValue == "10.250.10.1")
        let onLink = try Self.route(ns, "10.250.13.0/24")
        #expect(onLink?["flags"]?.netlinkTestStrings.contains("onlink") == true)
        let table1000 = try JSONParser.parse(try Command.check(["ip", "-n", ns.name, "-j", "route", "show", "table", "1000"]))
        #expect(table1000.arrayValue?.first?["dst"]?.stringValue == "10.250.14.0/24")
        #expect(try Self.route(ns, "default")?["gateway"]?.stringValue == "10.250.10.254")
        let v6 = try JSONParser.parse(try Command.check(["ip", "-n", ns.name, "-6", "-j", "route", "show"]))
            .arrayValue?.first { $0["dst"]?.stringValue == "fd00:250:11::/64" }
        #expect(v6?["gateway"]?.stringValue == "fd00:250:10::fe")

        // Reading back: table filters, families, typed fields.
        let main = try ns.netlink.routes(family: .v4)
        #expect(main.contains { $0.destinationPrefix?.description == "10.250.11.0/24" && $0.priority == 100 })
        #expect(main.contains { $0.isDefault && $0.gateway == IPAddress("10.250.10.254") })
        #expect(main.contains { $0.flags.contains(.onLink) })
        let hundred = try ns.netlink.routes(family: .v4, table: 100)
        #expect(hundred.count == 1 && hundred.first?.scope == .link && hundred.first?.preferredSource == IPAddress("10.250.10.1"))
        #expect(try ns.netlink.routes(table: 1000).first?.table == 1000)
        #expect(try ns.netlink.routes(family: .v6).contains { $0.gateway == IPAddress("fd00:250:10::fe") })
        #expect(try ns.netlink.routes(family: .v4, table: nil).contains { $0.table == RouteTable.local })
    }

    @Test func multipathAndTypes() throws {
        let ns = try Self.prepared()
        let v0 = try ns.netlink.link(named: "v0").index
        try ns.netlink.addRoute(Route(
            destination: IPPrefix("10.250.20.0/24"),
            nextHops: [
                NextHop(gateway: IPAddress("10.250.10.2"), interfaceIndex: v0, weight: 1),
                NextHop(gateway: IPAddress("10.250.10.3"), interfaceIndex: v0, weight: 3),
            ]))
        try ns.netlink.addRoute(Route(destination: IPPrefix("10.250.21.0/24"), type: .blackhole))
        try ns.netlink.addRoute(Route(destination: IPPrefix("10.250.22.0/24"), type: .unreachable))

        let multipath = try Self.route(ns, "10.250.20.0/24")
        let hops = multipath?["nexthops"]?.arrayValue ?? []
        #expect(hops.compactMap { $0["gateway"]?.stringValue } == ["10.250.10.2", "10.250.10.3"])
        #expect(hops.compactMap { $0["weight"]?.netlinkTestInteger } == [1, 3])
        #expect(try Self.route(ns, "10.250.21.0/24")?["type"]?.stringValue == "blackhole")
        #expect(try Self.route(ns, "10.250.22.0/24")?["type"]?.stringValue == "unreachable")

        let ours = try ns.netlink.routes(family: .v4).first { $0.destinationPrefix?.description == "10.250.20.0/24" }
        #expect(ours?.nextHops?.map(\.weight) == [1, 3])
        #expect(ours?.nextHops?.map(\.gateway) == [IPAddress("10.250.10.2"), IPAddress("10.250.10.3")])
    }

    @Test func replaceDeleteAndErrors() throws {
        let ns = try Self.prepared()
        let v0 = try ns.netlink.link(named: "v0").index
        let route = Route(destination: IPPrefix("10.250.30.0/24"), gateway: IPAddress("10.250.10.2"), outputInterface: v0)
        try ns.netlink.addRoute(route)
        let duplicate = #expect(throws: NetlinkError.self) { try ns.netlink.addRoute(route) }
        #expect(duplicate?.code == .exists)
        var moved = route
        moved.gateway = IPAddress("10.250.10.3")
        try ns.netlink.replaceRoute(moved)
        #expect(try Self.route(ns, "10.250.30.0/24")?["gateway"]?.stringValue == "10.250.10.3")

        try ns.netlink.deleteRoute(moved)
        #expect(try Self.route(ns, "10.250.30.0/24") == nil)
        let again = #expect(throws: NetlinkError.self) { try ns.netlink.deleteRoute(moved) }
        #expect(again?.isNotFound == true)
        // The kernel's own prefix route (protocol kernel) can be deleted with a plain description.
        try ns.netlink.deleteRoute(Route(destination: IPPrefix("10.250.10.0/24"), outputInterface: v0))
        #expect(try Self.route(ns, "10.250.10.0/24") == nil)

        // A gateway outside every connected network: the kernel explains in its extended ack.
        let unreachable = #expect(throws: NetlinkError.self) {
            try ns.netlink.addRoute(Route(destination: IPPrefix("10.250.31.0/24"), gateway: IPAddress("10.250.99.9"), outputInterface: v0))
        }
        #expect(unreachable?.kernelMessage?.isEmpty == false)
        #expect(unreachable?.description.contains("(kernel: ") == true)
    }

    @Test func rules() throws {
        let ns = try Self.prepared()
        var rule = Rule(family: .v4, table: 100, priority: 1000)
        rule.sourcePrefix = IPPrefix("10.250.40.0/24")
        rule.destinationPrefix = IPPrefix("10.250.41.0/24")
        rule.firewallMark = 0x10
        rule.firewallMask = 0xFF
        rule.inputInterface = "v0"
        try ns.netlink.addRule(rule)
        var big = Rule(family: .v4, table: 5000, priority: 1001)
        big.outputInterface = "v0"
        try ns.netlink.addRule(big)
        var v6 = Rule(family: .v6, table: 200, priority: 1002)
        v6.sourcePrefix = IPPrefix("fd00:250:40::/64")
        try ns.netlink.addRule(v6)

        let shown = try ns.ip("rule", "show").arrayValue ?? []
        let first = shown.first { $0["priority"]?.netlinkTestInteger == 1000 }
        #expect(first?["src"]?.stringValue == "10.250.40.0" && first?["srclen"]?.netlinkTestInteger == 24)
        #expect(first?["dst"]?.stringValue == "10.250.41.0")
        #expect(first?["fwmark"]?.stringValue == "0x10" && first?["fwmask"]?.stringValue == "0xff")
        #expect(first?["iif"]?.stringValue == "v0")
        #expect(first?["table"]?.stringValue == "100")
        let second = shown.first { $0["priority"]?.netlinkTestInteger == 1001 }
        #expect(second?["table"]?.stringValue == "5000" && second?["oif"]?.stringValue == "v0")
        let shown6 = try JSONParser.parse(try Command.check(["ip", "-n", ns.name, "-6", "-j", "rule", "show"]))
        #expect(shown6.arrayValue?.contains { $0["priority"]?.netlinkTestInteger == 1002 } == true)

        let ours = try ns.netlink.rules(family: .v4)
        let read = ours.first { $0.priority == 1000 }
        #expect(read?.sourcePrefix == IPPrefix("10.250.40.0/24") && read?.firewallMark == 0x10 && read?.table == 100)
        #expect(ours.contains { $0.priority == 1001 && $0.table == 5000 })
        #expect(try ns.netlink.rules(family: .v6).contains { $0.priority == 1002 && $0.table == 200 })

        try ns.netlink.deleteRule(rule)
        try ns.netlink.deleteRule(big)
        try ns.netlink.deleteRule(v6)
        #expect(try ns.netlink.rules(family: .v4).allSatisfy { ![1000, 1001].contains($0.priority ?? 0) })
        let missing = #expect(throws: NetlinkError.self) { try ns.netlink.deleteRule(rule) }
        #expect(missing?.isNotFound == true)
    }

    @Test func neighbours() throws {
        let ns = try Self.prepared()
        let v0 = try ns.netlink.link(named: "v0").index
        let mac = MACAddress("02:00:00:00:00:09")!
        try ns.netlink.addNeighbor(Neighbor(address: IPAddress("10.250.10.9"), macAddress: mac, interfaceIndex: v0))
        try ns.netlink.addNeighbor(Neighbor(address: IPAddress("fd00:250:10::9"), macAddress: mac, interfaceIndex: v0))
        let shown = try ns.ip("neigh", "show", "dev", "v0").arrayValue ?? []
        let v4 = shown.first { $0["dst"]?.stringValue == "10.250.10.9" }
        #expect(v4?["lladdr"]?.stringValue == "02:00:00:00:00:09")
        #expect(v4?["state"]?.netlinkTestStrings == ["PERMANENT"])
        #expect(shown.contains { $0["dst"]?.stringValue == "fd00:250:10::9" })

        let duplicate = #expect(throws: NetlinkError.self) {
            try ns.netlink.addNeighbor(Neighbor(address: IPAddress("10.250.10.9"), macAddress: mac, interfaceIndex: v0))
        }
        #expect(duplicate?.code == .exists)
        let other = MACAddress("02:00:00:00:00:0a")!
        try ns.netlink.replaceNeighbor(Neighbor(address: IPAddress("10.250.10.9"), macAddress: other, interfaceIndex: v0))
        let ours = try ns.netlink.neighbors(family: .v4, of: "v0")
        #expect(ours.first { $0.address == IPAddress("10.250.10.9") }?.macAddress == other)
        #expect(ours.first?.state == .permanent)

        try ns.netlink.deleteNeighbor(Neighbor(address: IPAddress("10.250.10.9"), interfaceIndex: v0))
        #expect(try ns.netlink.neighbors(family: .v4, of: "v0").isEmpty)
        let missing = #expect(throws: NetlinkError.self) {
            try ns.netlink.deleteNeighbor(Neighbor(address: IPAddress("10.250.10.9"), interfaceIndex: v0))
        }
        #expect(missing?.isNotFound == true)
    }
}
