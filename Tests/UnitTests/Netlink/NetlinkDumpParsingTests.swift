import NetAddress
import NetlinkCodec
import TestSupport
import Testing

/// Real dumps from the kernel (see NetlinkDumpFixtures and Scripts/capture-netlink-dumps.py): we
/// parse what we use, keep the rest, and re-encode to the same values.
@Suite struct NetlinkDumpParsingTests {
    /// The messages of a captured dump with `type`, decoded; checks the dump ends with NLMSG_DONE.
    static func decode<Body: NetlinkMessageBody & Equatable>(_ datagrams: [String], type: NetlinkMessageType, as _: Body.Type) throws -> [Body] {
        var bodies: [Body] = []
        var sawDone = false
        for datagram in datagrams {
            for message in try NetlinkMessage.split(NetlinkHex.bytes(datagram)[...]) {
                #expect(message.header.sequence == 1)
                if message.header.type == .done {
                    sawDone = true
                    #expect(try NetlinkAcknowledgement(decodingDone: message.payload, flags: message.header.flags).error == 0)
                    continue
                }
                #expect(message.header.type == type)
                #expect(message.header.flags.contains(.multi))
                let body = try message.body(as: Body.self)
                // Keeping the rest: writing the decoded value and reading it again loses nothing.
                #expect(try Body(decoding: body.encodedBody[...]) == body)
                bodies.append(body)
            }
        }
        #expect(sawDone)
        return bodies
    }

    @Test func links() throws {
        let links = try Self.decode(NetlinkDumpFixtures.links, type: .newLink, as: Link.self)
        #expect(links.compactMap(\.name) == ["lo", "veth0", "br0", "p1", "p0", "ifb0", "tap0"])
        let byName = Dictionary(uniqueKeysWithValues: links.map { ($0.name ?? "", $0) })

        let lo = try #require(byName["lo"])
        #expect(lo.hardwareType == HardwareType.loopback && lo.flags.contains([.up, .loopback]) && lo.mtu == 65536)

        let veth = try #require(byName["veth0"])
        #expect(veth.kindName == "veth" && veth.isUp)
        #expect(veth.macAddress == MACAddress("02:00:00:fa:00:01"))
        #expect(veth.alias == "to the container")
        #expect(veth.linkNamespaceID != nil && veth.linkIndex != nil)  // the peer lives in another namespace
        #expect(veth.statistics != nil && veth.minimumMTU == 68)
        #expect(!veth.otherAttributes.isEmpty)  // IFLA_QDISC, IFLA_AF_SPEC-free extras, ...

        let bridge = try #require(byName["br0"])
        guard case .bridge(let options)? = bridge.info?.kind else { Issue.record("br0 not a bridge"); return }
        #expect(options.stpState == 0 && options.vlanFiltering == false)
        #expect(options.forwardDelay == 1500 && options.multicastSnooping == true)
        #expect(options.otherAttributes.count > 20)  // the many IFLA_BR_* we do not model, kept

        let port = try #require(byName["p0"])
        #expect(port.masterIndex == bridge.index && port.info?.portKind == "bridge")
        #expect(port.info?.bridgePort?.hairpin == true && port.info?.bridgePort?.isolated == true)
        #expect(port.info?.bridgePort?.learning == true)
        #expect(byName["p1"]?.linkIndex == port.index)  // veth peers in one namespace point at each other

        #expect(byName["ifb0"]?.info?.kind == .ifb)
        guard case .tun(let tun)? = byName["tap0"]?.info?.kind else { Issue.record("tap0 not tun"); return }
        #expect(tun.mode == .tap && tun.persist == true && tun.packetInformation == false)
    }

    @Test func addresses() throws {
        let addresses = try Self.decode(NetlinkDumpFixtures.addresses, type: .newAddress, as: InterfaceAddress.self)
        let prefixes = addresses.compactMap(\.prefix?.description)
        #expect(prefixes.contains("127.0.0.1/8") && prefixes.contains("::1/128"))
        #expect(prefixes.contains("10.250.60.1/24"))
        let v6 = try #require(addresses.first { $0.prefix?.description == "fd00:250:60::1/64" })
        #expect(v6.flags.contains([.noDAD, .noPrefixRoute, .permanent]))
        #expect(v6.lifetimes?.valid == UInt32.max)
        #expect(addresses.first { $0.prefix?.description == "10.250.60.1/24" }?.label == "veth0")
    }

    @Test func routes() throws {
        let v4 = try Self.decode(NetlinkDumpFixtures.routes4, type: .newRoute, as: Route.self)
        let main = v4.filter { $0.table == RouteTable.main }
        let gateway = try #require(main.first { $0.destinationPrefix?.description == "10.250.61.0/24" })
        #expect(gateway.gateway == IPAddress("10.250.60.254") && gateway.priority == 100 && gateway.routeProtocol == .boot)
        let multipath = try #require(main.first { $0.destinationPrefix?.description == "10.250.62.0/24" })
        #expect(multipath.nextHops?.map(\.weight) == [1, 2])
        #expect(multipath.nextHops?.map(\.gateway) == [IPAddress("10.250.60.2"), IPAddress("10.250.60.3")])
        #expect(v4.contains { $0.table == 1000 && $0.destinationPrefix?.description == "10.250.63.0/24" })
        #expect(v4.contains { $0.table == RouteTable.local && $0.type == .local })
        let connected = try #require(main.first { $0.destinationPrefix?.description == "10.250.60.0/24" })
        #expect(connected.routeProtocol == .kernel && connected.scope == .link && connected.preferredSource == IPAddress("10.250.60.1"))

        let v6 = try Self.decode(NetlinkDumpFixtures.routes6, type: .newRoute, as: Route.self)
        #expect(v6.allSatisfy { $0.family == AddressFamily.inet6 })
        #expect(v6.contains { $0.destinationPrefix?.description == "fe80::/64" })
        #expect(!v6.contains { $0.destinationPrefix?.description == "fd00:250:60::/64" })  // noprefixroute
    }

    @Test func rulesNeighboursAndTrafficControl() throws {
        let rules = try Self.decode(NetlinkDumpFixtures.rules4, type: .newRule, as: Rule.self)
        #expect(rules.map(\.priority) == [nil, 1000, 32766, 32767])  // priority 0 has no FRA_PRIORITY
        let ours = try #require(rules.first { $0.priority == 1000 })
        #expect(ours.sourcePrefix == IPPrefix("10.250.60.0/24") && ours.firewallMark == 0x10 && ours.firewallMask == 0xFF)
        #expect(ours.table == 100 && ours.action == .table)

        let neighbours = try Self.decode(NetlinkDumpFixtures.neighbours4, type: .newNeighbor, as: Neighbor.self)
        let entry = try #require(neighbours.first { $0.address == IPAddress("10.250.60.9") })
        #expect(entry.state == .permanent && entry.macAddress == MACAddress("02:00:00:00:00:09"))

        let qdiscs = try Self.decode(NetlinkDumpFixtures.qdiscs, type: .newQdisc, as: Qdisc.self)
        let tbfs = qdiscs.compactMap { qdisc -> TokenBucketFilter? in
            if case .tokenBucket(let tbf)? = qdisc.kind { return tbf }
            return nil
        }
        let tbf = try #require(tbfs.first)
        #expect(tbf.rate == 125_000 && tbf.limit == 35893 && tbf.bufferTicks == 4_096_000 && tbf.burst == 32768)
        #expect(qdiscs.contains { $0.kind == .ingress && $0.handle == .ingressQdisc })
        #expect(qdiscs.contains { $0.kind?.name == "noqueue" })  // kinds we do not model are kept by name

        let filters = try Self.decode(NetlinkDumpFixtures.filters, type: .newFilter, as: TrafficFilter.self)
        let u32s = filters.compactMap { filter -> U32Filter? in
            if case .u32(let u32)? = filter.kind, !u32.actions.isEmpty { return u32 }
            return nil
        }
        let withAction = try #require(u32s.first)
        guard case .mirred(let mirred)? = withAction.actions.first?.kind else { Issue.record("no mirred"); return }
        #expect(mirred.direction == .egressRedirect && mirred.verdict == 4)
        #expect(!(withAction.actions.first?.otherAttributes.isEmpty ?? true))  // statistics, kept
        #expect(filters.allSatisfy { $0.ethernetProtocol == EthernetProtocol.all && $0.parent == .ingressQdisc })
    }
}
