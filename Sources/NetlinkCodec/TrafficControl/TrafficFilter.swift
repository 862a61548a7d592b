/// A traffic control filter: the body of `RTM_NEWTFILTER`, `RTM_DELTFILTER` and `RTM_GETTFILTER`
/// (`struct tcmsg`, `TCA_KIND`, `TCA_OPTIONS`).
///
/// `tc filter add dev DEV parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev ifb0`
///
/// `tcm_info` packs the priority and the protocol: `priority << 16 | htons(protocol)`.
public struct TrafficFilter: NetlinkMessageBody, Hashable {
    /// The filter kinds the bandwidth plugin uses, typed; others kept raw.
    public enum Kind: Hashable, Sendable {
        /// `u32`: match on packet bytes.
        case u32(U32Filter)
        /// `matchall`: match every packet.
        case matchall(MatchallFilter)
        /// Any other kind, with its raw options.
        case other(name: String, options: NetlinkAttributeList?)

        /// The kind's name, as `tc` spells it.
        public var name: String {
            switch self {
            case .u32: "u32"
            case .matchall: "matchall"
            case .other(let name, _): name
            }
        }
    }

    /// `tcm_family`.
    public var family: UInt8
    /// `tcm_ifindex`.
    public var interfaceIndex: Int32
    /// `tcm_handle` (0 lets the kernel choose).
    public var handle: UInt32
    /// `tcm_parent`: the qdisc or class the filter hangs on.
    public var parent: TrafficControlHandle
    /// The priority (0 lets the kernel choose).
    public var priority: UInt16
    /// The protocol the filter sees (`EthernetProtocol`).
    public var ethernetProtocol: UInt16
    /// The kind and options; `nil` in dump and some delete requests.
    public var kind: Kind?
    /// `TCA_CHAIN`.
    public var chain: UInt32?
    /// Every other attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates a filter.
    public init(
        interfaceIndex: Int32, parent: TrafficControlHandle, priority: UInt16 = 0,
        ethernetProtocol: UInt16 = EthernetProtocol.all, handle: UInt32 = 0, kind: Kind?
    ) {
        family = AddressFamily.unspecified
        self.interfaceIndex = interfaceIndex
        self.handle = handle
        self.parent = parent
        self.priority = priority
        self.ethernetProtocol = ethernetProtocol
        self.kind = kind
        otherAttributes = NetlinkAttributeList()
    }

    /// The packed `tcm_info`. The protocol half is in network order, read as a host integer.
    var info: UInt32 {
        UInt32(priority) << 16 | UInt32(ethernetProtocol.byteSwapped)
    }

    public func encode(into writer: inout AttributeWriter) {
        TrafficControlHeader(
            family: family, interfaceIndex: interfaceIndex, handle: handle, parent: parent.rawValue, info: info
        ).encode(into: &writer)
        if let kind {
            writer.attribute(TrafficControlAttributeType.kind, kind.name)
            writer.nested(TrafficControlAttributeType.options) { options in
                switch kind {
                case .u32(let filter): filter.encode(into: &options)
                case .matchall(let filter): filter.encode(into: &options)
                case .other(_, let raw): for attribute in raw ?? NetlinkAttributeList() { options.attribute(attribute) }
                }
            }
        }
        if let chain { writer.attribute(TrafficControlAttributeType.chain, chain) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        let header = try TrafficControlHeader(decoding: payload)
        self.init(
            interfaceIndex: header.interfaceIndex, parent: TrafficControlHandle(rawValue: header.parent),
            priority: UInt16(truncatingIfNeeded: header.info >> 16),
            ethernetProtocol: UInt16(truncatingIfNeeded: header.info).byteSwapped, handle: header.handle, kind: nil)
        family = header.family
        let attributes = try NetlinkAttributeList(parsing: payload.dropFirst(TrafficControlHeader.size))
        let options = try attributes.first(TrafficControlAttributeType.options)?.nested()
        if let name = attributes.first(TrafficControlAttributeType.kind)?.string() {
            switch name {
            case "u32": kind = .u32(try U32Filter(decoding: options ?? NetlinkAttributeList()))
            case "matchall": kind = .matchall(try MatchallFilter(decoding: options ?? NetlinkAttributeList()))
            default: kind = .other(name: name, options: options)
            }
        }
        for attribute in attributes {
            switch TrafficControlAttributeType(rawValue: attribute.type) {
            case .kind, .options: continue
            case .chain: chain = try attribute.uint32()
            default: otherAttributes.append(attribute)
            }
        }
    }
}
