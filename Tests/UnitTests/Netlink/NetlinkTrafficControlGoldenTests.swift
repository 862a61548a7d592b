import NetlinkCodec
import TestSupport
import Testing

/// Traffic control requests against what tc (iproute2 6.1) sends (index 3 = the device, 4 = ifb).
@Suite struct NetlinkTrafficControlGoldenTests {
    /// `tc qdisc add dev DEV root handle 1: tbf rate 1mbit burst 32kb latency 25ms`, without the
    /// 1024-byte rate table tc appends (`TCA_TBF_RTAB`), which kernels since 3.13 do not need.
    @Test func tokenBucket() throws {
        let tbf = TokenBucketFilter(rate: 125_000, burst: 32768, limit: TokenBucketFilter.limit(rate: 125_000, burst: 32768, latencyMicroseconds: 25_000))
        let request = Qdisc(interfaceIndex: 3, handle: TrafficControlHandle(major: 1), parent: .root, kind: .tokenBucket(tbf))
        let expected = """
            60000000 2400 0506 00000000 00000000      # RTM_NEWQDISC
            00 000000 03000000 00000100 ffffffff 00000000   # tcmsg: index 3, handle 1:, parent root
            0800 0100 74626600                        # TCA_KIND "tbf"
            3400 0200                                 # TCA_OPTIONS
              2800 0100                               #   TCA_TBF_PARMS (struct tc_tbf_qopt)
                03 01 0000 ffff 0000 48e80100         #     rate: cell_log 3, ethernet, cell_align -1, 125000 B/s
                00 00 0000 0000 0000 00000000         #     peakrate: none
                358c0000                              #     limit 35893
                00803e00                              #     buffer 4096000 ticks (32768 B at 125000 B/s)
                00000000                              #     mtu
              0800 0600 00800000                      #   TCA_TBF_BURST 32768
            """
        #expect(NetlinkGolden.request(request, .newQdisc, NetlinkGolden.create) == NetlinkGolden.expected(expected))
        let decoded = try NetlinkGolden.decode(expected, as: Qdisc.self)
        #expect(decoded == request)
        // Rates beyond 32 bits go in TCA_TBF_RATE64 too.
        let fast = TokenBucketFilter(rate: 10_000_000_000, burst: 1 << 20, limit: 1 << 21)
        let round = try Qdisc(decoding: Qdisc(interfaceIndex: 3, handle: TrafficControlHandle(major: 1), parent: .root, kind: .tokenBucket(fast)).encodedBody[...])
        #expect(round.kind == .tokenBucket(fast))
    }

    /// `tc qdisc add dev DEV ingress`
    @Test func ingress() throws {
        let expected = """
            30000000 2400 0506 00000000 00000000
            00 000000 03000000 0000ffff f1ffffff 00000000   # handle ffff:, parent ingress
            0c00 0100 696e6772657373 00               # TCA_KIND "ingress"
            """
        #expect(NetlinkGolden.request(Qdisc.ingress(interfaceIndex: 3), .newQdisc, NetlinkGolden.create) == NetlinkGolden.expected(expected))
        #expect(try NetlinkGolden.decode(expected, as: Qdisc.self) == .ingress(interfaceIndex: 3))
        #expect(TrafficControlHandle.ingressQdisc.description == "ffff:" && TrafficControlHandle(major: 1, minor: 2).description == "1:2")
    }

    /// `tc filter add dev DEV parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev IFB`
    @Test func u32WithMirredRedirect() throws {
        let redirect = TrafficAction(.mirred(MirredAction(direction: .egressRedirect, targetIndex: 4)))
        let request = TrafficFilter(interfaceIndex: 3, parent: .ingressQdisc, kind: .u32(.matchAll(actions: [redirect])))
        let expected = """
            8c000000 2c00 0506 00000000 00000000      # RTM_NEWTFILTER
            00 000000 03000000 00000000 0000ffff 00030000   # parent ffff:, info: prio 0, htons(ETH_P_ALL)
            0800 0100 75333200                        # TCA_KIND "u32"
            6000 0200                                 # TCA_OPTIONS
              3800 0700                               #   TCA_U32_ACT
                3400 0100                             #     action 1
                  0b00 0100 6d697272656400 00         #       TCA_ACT_KIND "mirred"
                  2400 0280                           #       TCA_ACT_OPTIONS | NLA_F_NESTED
                    2000 0200                         #         TCA_MIRRED_PARMS (struct tc_mirred)
                      00000000 00000000 04000000      #           index, capab, action TC_ACT_STOLEN
                      00000000 00000000               #           refcnt, bindcnt
                      01000000 04000000               #           eaction TCA_EGRESS_REDIR, ifindex 4
              2400 0500                               #   TCA_U32_SEL
                01 00 01 00 0000 0000 0000 0000 00000000   # TC_U32_TERMINAL, 1 key
                00000000 00000000 00000000 00000000   #     key: mask 0, value 0 (everything)
            """
        #expect(NetlinkGolden.request(request, .newFilter, NetlinkGolden.create) == NetlinkGolden.expected(expected))
        #expect(try NetlinkGolden.decode(expected, as: TrafficFilter.self) == request)
    }

    /// `tc filter add dev IFB parent ffff: protocol all prio 2 matchall action mirred egress redirect dev DEV`
    @Test func matchallWithMirredRedirect() throws {
        let redirect = TrafficAction(.mirred(MirredAction(direction: .egressRedirect, targetIndex: 3)))
        let request = TrafficFilter(interfaceIndex: 4, parent: .ingressQdisc, priority: 2, kind: .matchall(MatchallFilter(actions: [redirect])))
        let expected = """
            70000000 2c00 0506 00000000 00000000
            00 000000 04000000 00000000 0000ffff 00030200   # info: prio 2, htons(ETH_P_ALL)
            0d00 0100 6d61746368616c6c 00 000000      # TCA_KIND "matchall"
            3c00 0200
              3800 0200                               #   TCA_MATCHALL_ACT
                3400 0100
                  0b00 0100 6d697272656400 00
                  2400 0280
                    2000 0200 00000000 00000000 04000000 00000000 00000000 01000000 03000000
            """
        #expect(NetlinkGolden.request(request, .newFilter, NetlinkGolden.create) == NetlinkGolden.expected(expected))
        let decoded = try NetlinkGolden.decode(expected, as: TrafficFilter.self)
        #expect(decoded == request)
        #expect(decoded.priority == 2 && decoded.ethernetProtocol == EthernetProtocol.all)
    }
}
