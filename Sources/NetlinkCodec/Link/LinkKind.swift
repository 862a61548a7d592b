/// The kind of a link (`IFLA_INFO_KIND`) with its options (`IFLA_INFO_DATA`).
///
/// Kinds we create or inspect have typed options, each in its own file with its encoding and
/// decoding; any other kind keeps its name and raw data, so nothing the kernel reports is lost.
public indirect enum LinkKind: Hashable, Sendable {
    /// A virtual Ethernet pair (`veth`).
    case veth(VethOptions)
    /// A software bridge (`bridge`).
    case bridge(BridgeOptions)
    /// A MAC-address based virtual interface on a parent (`macvlan`).
    case macvlan(MacvlanOptions)
    /// A macvlan with a tap character device (`macvtap`).
    case macvtap(MacvlanOptions)
    /// An IP-address based virtual interface on a parent (`ipvlan`).
    case ipvlan(IPVlanOptions)
    /// An ipvlan with a tap character device (`ipvtap`).
    case ipvtap(IPVlanOptions)
    /// An 802.1Q / 802.1ad VLAN on a parent (`vlan`).
    case vlan(VLANOptions)
    /// A virtual routing and forwarding master (`vrf`).
    case vrf(VRFOptions)
    /// A tun or tap device (`tun`); created through `/dev/net/tun`, not netlink.
    case tun(TunOptions)
    /// A dummy interface (`dummy`).
    case dummy
    /// An intermediate functional block (`ifb`), the target of redirected ingress traffic.
    case ifb
    /// Any other kind, kept as it came.
    case other(name: String, data: NetlinkAttributeList?)

    /// The kind's name, as `ip link add ... type NAME` spells it.
    public var name: String {
        switch self {
        case .veth: "veth"
        case .bridge: "bridge"
        case .macvlan: "macvlan"
        case .macvtap: "macvtap"
        case .ipvlan: "ipvlan"
        case .ipvtap: "ipvtap"
        case .vlan: "vlan"
        case .vrf: "vrf"
        case .tun: "tun"
        case .dummy: "dummy"
        case .ifb: "ifb"
        case .other(let name, _): name
        }
    }

    /// Writes `IFLA_INFO_DATA`, if the kind has any to send.
    func encodeData(into writer: inout AttributeWriter) {
        func data(_ body: (inout AttributeWriter) -> Void) {
            writer.nested(LinkInfo.AttributeType.data, body)
        }
        switch self {
        case .veth(let options): if options.hasData { data { options.encode(into: &$0) } }
        case .bridge(let options): if options.hasData { data { options.encode(into: &$0) } }
        case .macvlan(let options), .macvtap(let options): if options.hasData { data { options.encode(into: &$0) } }
        case .ipvlan(let options), .ipvtap(let options): if options.hasData { data { options.encode(into: &$0) } }
        case .vlan(let options): data { options.encode(into: &$0) }
        case .vrf(let options): data { options.encode(into: &$0) }
        case .tun(let options): if options.hasData { data { options.encode(into: &$0) } }
        case .dummy, .ifb: break
        case .other(_, let attributes):
            if let attributes { data { for attribute in attributes { $0.attribute(attribute) } } }
        }
    }

    /// Decodes a kind from its name and `IFLA_INFO_DATA` children.
    init(name: String, data: NetlinkAttributeList?) throws(NetlinkDecodingError) {
        let attributes = data ?? NetlinkAttributeList()
        switch name {
        case "veth": self = .veth(try VethOptions(decoding: attributes))
        case "bridge": self = .bridge(try BridgeOptions(decoding: attributes))
        case "macvlan": self = .macvlan(try MacvlanOptions(decoding: attributes))
        case "macvtap": self = .macvtap(try MacvlanOptions(decoding: attributes))
        case "ipvlan": self = .ipvlan(try IPVlanOptions(decoding: attributes))
        case "ipvtap": self = .ipvtap(try IPVlanOptions(decoding: attributes))
        case "vlan": self = .vlan(try VLANOptions(decoding: attributes))
        case "vrf": self = .vrf(try VRFOptions(decoding: attributes))
        case "tun": self = .tun(try TunOptions(decoding: attributes))
        case "dummy" where data == nil: self = .dummy
        case "ifb" where data == nil: self = .ifb
        default: self = .other(name: name, data: data)
        }
    }
}
