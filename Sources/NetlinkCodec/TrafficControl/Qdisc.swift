/// A queueing discipline: the body of `RTM_NEWQDISC`, `RTM_DELQDISC` and `RTM_GETQDISC`
/// (`struct tcmsg`, `TCA_KIND`, `TCA_OPTIONS`).
///
/// `tc qdisc add dev DEV root handle 1: tbf rate 1mbit burst 32kb latency 25ms`,
/// `tc qdisc add dev DEV ingress`
public struct Qdisc: NetlinkMessageBody, Hashable {
    /// The kinds the bandwidth plugin uses, typed; any other kind is kept raw.
    public enum Kind: Hashable, Sendable {
        /// `tbf`: a token bucket shaper.
        case tokenBucket(TokenBucketFilter)
        /// `ingress`: a hook for filters on received traffic.
        case ingress
        /// `clsact`: hooks for filters on both directions.
        case clsact
        /// Any other kind, with its raw options.
        case other(name: String, options: NetlinkAttributeList?)

        /// The kind's name, as `tc` spells it.
        public var name: String {
            switch self {
            case .tokenBucket: "tbf"
            case .ingress: "ingress"
            case .clsact: "clsact"
            case .other(let name, _): name
            }
        }
    }

    /// `tcm_family`.
    public var family: UInt8
    /// `tcm_ifindex`.
    public var interfaceIndex: Int32
    /// `tcm_handle`.
    public var handle: TrafficControlHandle
    /// `tcm_parent`.
    public var parent: TrafficControlHandle
    /// `tcm_info` (the reference count in dumps).
    public var info: UInt32
    /// The kind and options; `nil` in dump requests.
    public var kind: Kind?
    /// Every other attribute (statistics), kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates a qdisc.
    public init(interfaceIndex: Int32, handle: TrafficControlHandle, parent: TrafficControlHandle, kind: Kind?) {
        family = AddressFamily.unspecified
        self.interfaceIndex = interfaceIndex
        self.handle = handle
        self.parent = parent
        info = 0
        self.kind = kind
        otherAttributes = NetlinkAttributeList()
    }

    /// An ingress qdisc (`tc qdisc add dev DEV ingress`): handle `ffff:`, parent `ingress`.
    public static func ingress(interfaceIndex: Int32) -> Qdisc {
        Qdisc(interfaceIndex: interfaceIndex, handle: .ingressQdisc, parent: .ingress, kind: .ingress)
    }

    /// A clsact qdisc (`tc qdisc add dev DEV clsact`).
    public static func clsact(interfaceIndex: Int32) -> Qdisc {
        Qdisc(interfaceIndex: interfaceIndex, handle: .ingressQdisc, parent: .clsact, kind: .clsact)
    }

    public func encode(into writer: inout AttributeWriter) {
        TrafficControlHeader(
            family: family, interfaceIndex: interfaceIndex, handle: handle.rawValue, parent: parent.rawValue, info: info
        ).encode(into: &writer)
        if let kind {
            writer.attribute(TrafficControlAttributeType.kind, kind.name)
            switch kind {
            case .tokenBucket(let tbf): writer.nested(TrafficControlAttributeType.options) { tbf.encode(into: &$0) }
            case .ingress, .clsact: break
            case .other(_, let options):
                if let options {
                    writer.nested(TrafficControlAttributeType.options) { for a in options { $0.attribute(a) } }
                }
            }
        }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        let header = try TrafficControlHeader(decoding: payload)
        self.init(
            interfaceIndex: header.interfaceIndex, handle: TrafficControlHandle(rawValue: header.handle),
            parent: TrafficControlHandle(rawValue: header.parent), kind: nil)
        family = header.family
        info = header.info
        let attributes = try NetlinkAttributeList(parsing: payload.dropFirst(TrafficControlHeader.size))
        let options = try attributes.first(TrafficControlAttributeType.options)?.nested()
        if let name = attributes.first(TrafficControlAttributeType.kind)?.string() {
            switch name {
            case "tbf": kind = .tokenBucket(try TokenBucketFilter(decoding: options ?? NetlinkAttributeList()))
            // The kernel reports an empty TCA_OPTIONS for these; there is nothing in it to keep.
            case "ingress" where options?.isEmpty ?? true: kind = .ingress
            case "clsact" where options?.isEmpty ?? true: kind = .clsact
            default: kind = .other(name: name, options: options)
            }
        }
        for attribute in attributes {
            switch TrafficControlAttributeType(rawValue: attribute.type) {
            case .kind, .options: continue
            default: otherAttributes.append(attribute)
            }
        }
    }
}
