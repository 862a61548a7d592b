import NetAddress
import NetlinkCodec
import TestSupport
import Testing

/// Link requests, byte for byte. Unless noted, the expected bytes are what iproute2 6.1 sends for
/// the command in the test's comment (captured with `strace -e trace=sendmsg -xx`, sequence
/// number zeroed), laid out by the kernel's structures.
@Suite struct NetlinkLinkGoldenTests {
    /// `ip link add vetha type veth peer name vethb netns NS` (NS open as descriptor 4).
    @Test func vethWithPeerInAnotherNamespace() throws {
        var peer = Link(name: "vethb")
        peer.namespace = .fileDescriptor(4)
        let request = Link(name: "vetha", info: LinkInfo(kind: .veth(VethOptions(peer: peer))))
        let expected = """
            64000000 1000 0506 00000000 00000000          # nlmsghdr: 100 bytes, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
            00 00 0000 00000000 00000000 00000000         # ifinfomsg
            0a00 0300 7665746861 000000                   # IFLA_IFNAME "vetha"
            3800 1200                                     # IFLA_LINKINFO
              0800 0100 76657468                          #   IFLA_INFO_KIND "veth" (no NUL, as iproute2)
              2c00 0200                                   #   IFLA_INFO_DATA
                2800 0100                                 #     VETH_INFO_PEER
                  00 00 0000 00000000 00000000 00000000   #       ifinfomsg
                  0800 1c00 04000000                      #       IFLA_NET_NS_FD 4
                  0a00 0300 7665746862 000000             #       IFLA_IFNAME "vethb"
            """
        #expect(NetlinkGolden.request(request, .newLink, NetlinkGolden.create) == NetlinkGolden.expected(expected))
        // And back: the peer survives the round trip.
        let decoded = try NetlinkGolden.decode(expected, as: Link.self)
        #expect(decoded == request)
        guard case .veth(let options)? = decoded.info?.kind else { Issue.record("not veth"); return }
        #expect(options.peer?.name == "vethb" && options.peer?.namespace == .fileDescriptor(4))
    }

    /// `ip link add br0 type bridge vlan_filtering 1`
    @Test func bridgeWithVLANFiltering() throws {
        let request = Link(name: "br0", info: LinkInfo(kind: .bridge(BridgeOptions(vlanFiltering: true))))
        let expected = """
            44000000 1000 0506 00000000 00000000
            00 00 0000 00000000 00000000 00000000
            0800 0300 62723000                  # IFLA_IFNAME "br0"
            1c00 1200                           # IFLA_LINKINFO
              0a00 0100 627269646765 0000       #   IFLA_INFO_KIND "bridge"
              0c00 0200                         #   IFLA_INFO_DATA
                0500 0700 01 000000             #     IFLA_BR_VLAN_FILTERING 1
            """
        #expect(NetlinkGolden.request(request, .newLink, NetlinkGolden.create) == NetlinkGolden.expected(expected))
        #expect(try NetlinkGolden.decode(expected, as: Link.self) == request)
    }

    /// `ip link set vetha mtu 1400 address 02:11:22:33:44:55 txqueuelen 500 promisc on allmulticast on alias hello`
    @Test func settings() throws {
        var request = Link(index: 2, flags: [.promiscuous, .allMulticast], changeMask: [.promiscuous, .allMulticast])
        request.mtu = 1400
        request.macAddress = MACAddress("02:11:22:33:44:55")
        request.txQueueLength = 500
        request.alias = "hello"
        let expected = """
            48000000 1000 0500 00000000 00000000          # RTM_NEWLINK, REQUEST|ACK (no CREATE: a change)
            00 00 0000 02000000 00030000 00030000         # index 2, flags and change PROMISC|ALLMULTI
            0800 0400 78050000                            # IFLA_MTU 1400
            0a00 0100 021122334455 0000                   # IFLA_ADDRESS
            0800 0d00 f4010000                            # IFLA_TXQLEN 500
            0900 1400 68656c6c6f 000000                   # IFLA_IFALIAS "hello" (no NUL)
            """
        #expect(NetlinkGolden.request(request, .newLink, NetlinkGolden.change) == NetlinkGolden.expected(expected))
        #expect(try NetlinkGolden.decode(expected, as: Link.self) == request)
    }

    /// `ip link set vetha up`, `... nomaster`, `... master br0` (br0 = 9), `... netns NS` (descriptor 4).
    @Test func upMasterAndNamespace() {
        let up = Link(index: 2, flags: .up, changeMask: .up)
        #expect(NetlinkGolden.request(up, .newLink, NetlinkGolden.change) == NetlinkGolden.expected(
            "20000000 1000 0500 00000000 00000000  00 00 0000 02000000 01000000 01000000"))
        var noMaster = Link(index: 2)
        noMaster.masterIndex = 0
        #expect(NetlinkGolden.request(noMaster, .newLink, NetlinkGolden.change) == NetlinkGolden.expected(
            "28000000 1000 0500 00000000 00000000  00 00 0000 02000000 00000000 00000000  0800 0a00 00000000"))
        var master = Link(index: 2)
        master.masterIndex = 9
        #expect(NetlinkGolden.request(master, .newLink, NetlinkGolden.change) == NetlinkGolden.expected(
            "28000000 1000 0500 00000000 00000000  00 00 0000 02000000 00000000 00000000  0800 0a00 09000000"))
        var move = Link(index: 2)
        move.namespace = .fileDescriptor(4)
        #expect(NetlinkGolden.request(move, .newLink, NetlinkGolden.change) == NetlinkGolden.expected(
            "28000000 1000 0500 00000000 00000000  00 00 0000 02000000 00000000 00000000  0800 1c00 04000000"))
        // Our own: by process (IFLA_NET_NS_PID 19) and deletion by name.
        var byPID = Link(index: 2)
        byPID.namespace = .processID(1234)
        #expect(NetlinkGolden.request(byPID, .newLink, NetlinkGolden.change) == NetlinkGolden.expected(
            "28000000 1000 0500 00000000 00000000  00 00 0000 02000000 00000000 00000000  0800 1300 d2040000"))
        #expect(NetlinkGolden.request(Link(name: "v0"), .deleteLink, NetlinkGolden.change) == NetlinkGolden.expected(
            "28000000 1100 0500 00000000 00000000  00 00 0000 00000000 00000000 00000000  0700 0300 763000 00"))
    }

    /// `ip link add link p1 name mv0 type macvlan mode bridge` (p1 = 2), and `macvtap mode passthru`.
    @Test func macvlanAndMacvtap() throws {
        var request = Link(name: "mv0", info: LinkInfo(kind: .macvlan(MacvlanOptions(mode: .bridge))))
        request.linkIndex = 2
        let expected = """
            4c000000 1000 0506 00000000 00000000
            00 00 0000 00000000 00000000 00000000
            0800 0500 02000000                  # IFLA_LINK 2
            0800 0300 6d763000                  # IFLA_IFNAME "mv0"
            1c00 1200
              0b00 0100 6d6163766c616e 00       #   IFLA_INFO_KIND "macvlan"
              0c00 0200
                0800 0100 04000000              #     IFLA_MACVLAN_MODE bridge
            """
        #expect(NetlinkGolden.request(request, .newLink, NetlinkGolden.create) == NetlinkGolden.expected(expected))
        #expect(try NetlinkGolden.decode(expected, as: Link.self) == request)

        var tap = Link(name: "mvt0", info: LinkInfo(kind: .macvtap(MacvlanOptions(mode: .passthru))))
        tap.linkIndex = 2
        #expect(NetlinkGolden.request(tap, .newLink, NetlinkGolden.create) == NetlinkGolden.expected("""
            50000000 1000 0506 00000000 00000000  00 00 0000 00000000 00000000 00000000
            0800 0500 02000000  0900 0300 6d767430 00000000
            1c00 1200  0b00 0100 6d6163767461 70 00  0c00 0200 0800 0100 08000000
            """))
        #expect(MacvlanOptions.Mode(name: "vepa") == .vepa && MacvlanOptions.Mode.source.description == "source")
    }

    /// `ip link add link p1 name ipv0 type ipvlan mode l3 private`
    @Test func ipvlan() throws {
        var request = Link(name: "ipv0", info: LinkInfo(kind: .ipvlan(IPVlanOptions(mode: .l3, flags: .private))))
        request.linkIndex = 2
        let expected = """
            58000000 1000 0506 00000000 00000000  00 00 0000 00000000 00000000 00000000
            0800 0500 02000000
            0900 0300 69707630 00000000
            2400 1200
              0a00 0100 6970766c616e 0000       #   IFLA_INFO_KIND "ipvlan"
              1400 0200
                0600 0100 0100 0000             #     IFLA_IPVLAN_MODE l3
                0600 0200 0100 0000             #     IFLA_IPVLAN_FLAGS private
            """
        #expect(NetlinkGolden.request(request, .newLink, NetlinkGolden.create) == NetlinkGolden.expected(expected))
        #expect(try NetlinkGolden.decode(expected, as: Link.self) == request)
    }

    /// `ip link add link p1 name p1.5 type vlan id 5 protocol 802.1ad`
    @Test func vlan() throws {
        var request = Link(name: "p1.5", info: LinkInfo(kind: .vlan(VLANOptions(id: 5, tagProtocol: VLANOptions.TagProtocol.ieee8021AD))))
        request.linkIndex = 2
        let expected = """
            54000000 1000 0506 00000000 00000000  00 00 0000 00000000 00000000 00000000
            0800 0500 02000000
            0900 0300 70312e35 00000000
            2000 1200
              0800 0100 766c616e                #   IFLA_INFO_KIND "vlan"
              1400 0200
                0600 0100 0500 0000             #     IFLA_VLAN_ID 5
                0600 0500 88a8 0000             #     IFLA_VLAN_PROTOCOL 802.1ad, network order
            """
        #expect(NetlinkGolden.request(request, .newLink, NetlinkGolden.create) == NetlinkGolden.expected(expected))
        #expect(try NetlinkGolden.decode(expected, as: Link.self) == request)
    }

    /// `ip link add vrf0 type vrf table 10`, `ip link add d0 type dummy`, `ip link add ifb1 type ifb`
    @Test func vrfDummyAndIFB() throws {
        let vrf = Link(name: "vrf0", info: LinkInfo(kind: .vrf(VRFOptions(table: 10))))
        let vrfBytes = """
            44000000 1000 0506 00000000 00000000  00 00 0000 00000000 00000000 00000000
            0900 0300 76726630 00000000
            1800 1200  0700 0100 767266 00  0c00 0200 0800 0100 0a000000
            """
        #expect(NetlinkGolden.request(vrf, .newLink, NetlinkGolden.create) == NetlinkGolden.expected(vrfBytes))
        #expect(try NetlinkGolden.decode(vrfBytes, as: Link.self) == vrf)
        let dummy = Link(name: "d0", info: LinkInfo(kind: .dummy))
        let dummyBytes = """
            38000000 1000 0506 00000000 00000000  00 00 0000 00000000 00000000 00000000
            0700 0300 643000 00
            1000 1200  0900 0100 64756d6d79 000000
            """
        #expect(NetlinkGolden.request(dummy, .newLink, NetlinkGolden.create) == NetlinkGolden.expected(dummyBytes))
        #expect(try NetlinkGolden.decode(dummyBytes, as: Link.self) == dummy)
        let ifb = Link(name: "ifb1", info: LinkInfo(kind: .ifb))
        #expect(NetlinkGolden.request(ifb, .newLink, NetlinkGolden.create) == NetlinkGolden.expected("""
            38000000 1000 0506 00000000 00000000  00 00 0000 00000000 00000000 00000000
            0900 0300 69666231 00000000
            0c00 1200  0700 0100 696662 00
            """))
    }

    /// `bridge link set dev vetha hairpin on isolated on learning off` (vetha = 2)
    @Test func bridgePortOptions() throws {
        var request = Link(family: AddressFamily.bridge, index: 2)
        request.bridgePort = BridgePortOptions(hairpin: true, isolated: true, learning: false)
        let expected = """
            3c000000 1300 0500 00000000 00000000          # RTM_SETLINK
            07 00 0000 02000000 00000000 00000000         # AF_BRIDGE, index 2
            1c00 0c80                                     # IFLA_PROTINFO | NLA_F_NESTED
              0500 0400 01 000000                         #   IFLA_BRPORT_MODE (hairpin) 1
              0500 0800 00 000000                         #   IFLA_BRPORT_LEARNING 0
              0500 2100 01 000000                         #   IFLA_BRPORT_ISOLATED 1
            """
        #expect(NetlinkGolden.request(request, .setLink, NetlinkGolden.change) == NetlinkGolden.expected(expected))
        let decoded = try NetlinkGolden.decode(expected, as: Link.self)
        #expect(decoded.bridgePort == request.bridgePort)
    }

    /// `bridge vlan add dev p0 vid 100 pvid untagged` and `bridge vlan del dev p0 vid 100` (p0 = 3)
    @Test func bridgeVLANs() throws {
        var add = Link(family: AddressFamily.bridge, index: 3)
        add.addressFamilySpecific = BridgeVLAN.requestAttributes([BridgeVLAN(id: 100, flags: [.pvid, .untagged])], target: nil)
        let addBytes = """
            2c000000 1300 0500 00000000 00000000
            07 00 0000 03000000 00000000 00000000
            0c00 1a00                       # IFLA_AF_SPEC
              0800 0200 0600 6400           #   IFLA_BRIDGE_VLAN_INFO flags PVID|UNTAGGED, vid 100
            """
        #expect(NetlinkGolden.request(add, .setLink, NetlinkGolden.change) == NetlinkGolden.expected(addBytes))
        #expect(try NetlinkGolden.decode(addBytes, as: Link.self).bridgeVLANs == [BridgeVLAN(id: 100, flags: [.pvid, .untagged])])
        var delete = Link(family: AddressFamily.bridge, index: 3)
        delete.addressFamilySpecific = BridgeVLAN.requestAttributes([BridgeVLAN(id: 100)], target: nil)
        #expect(NetlinkGolden.request(delete, .deleteLink, NetlinkGolden.change) == NetlinkGolden.expected(
            "2c000000 1100 0500 00000000 00000000  07 00 0000 03000000 00000000 00000000  0c00 1a00 0800 0200 0000 6400"))
        // Ours: `self` on the bridge adds IFLA_BRIDGE_FLAGS (BRIDGE_FLAGS_SELF = 2) first.
        var onBridge = Link(family: AddressFamily.bridge, index: 5)
        onBridge.addressFamilySpecific = BridgeVLAN.requestAttributes([BridgeVLAN(id: 7)], target: .self)
        #expect(NetlinkGolden.request(onBridge, .setLink, NetlinkGolden.change) == NetlinkGolden.expected(
            "34000000 1300 0500 00000000 00000000  07 00 0000 05000000 00000000 00000000  1400 1a00 0600 0000 0200 0000 0800 0200 0000 0700"))
        // Ranges in dumps are expanded.
        var ranged = Link(family: AddressFamily.bridge, index: 3)
        ranged.addressFamilySpecific = BridgeVLAN.requestAttributes(
            [BridgeVLAN(id: 10, flags: .rangeBegin), BridgeVLAN(id: 12, flags: .rangeEnd), BridgeVLAN(id: 1, flags: [.pvid, .untagged])],
            target: nil)
        #expect(ranged.bridgeVLANs.map(\.id) == [10, 11, 12, 1])
        #expect(ranged.bridgeVLANs.last?.isPVID == true)
    }

    /// Unknown attributes and kinds survive decoding and are written back unchanged.
    @Test func unknownAttributesAreKept() throws {
        let bytes = """
            4c000000 1000 0500 00000000 00000000  00 00 0000 05000000 00000000 00000000
            0800 0300 78797a00                  # IFLA_IFNAME "xyz"
            0800 6300 2a000000                  # attribute 99: unknown to us
            1c00 1200                           # IFLA_LINKINFO
              0a00 0100 77697a617264 0000       #   kind "wizard": unknown
              0c00 0200 0600 0100 2a00 0000     #   its data: one u16 attribute
            """
        let link = try NetlinkGolden.decode(bytes, as: Link.self)
        #expect(link.name == "xyz")
        #expect(link.otherAttributes.first(rawType: 99)?.payload == [0x2A, 0, 0, 0])
        #expect(link.kindName == "wizard")
        guard case .other(let name, let data)? = link.info?.kind else { Issue.record("kind lost"); return }
        #expect(name == "wizard" && data?.first(rawType: 1)?.payload == [0x2A, 0x00])
        let again = try Link(decoding: link.message(type: .newLink, flags: NetlinkGolden.change)[16...])
        #expect(again == link)
    }
}
