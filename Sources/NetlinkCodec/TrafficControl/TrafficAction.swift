/// An action attached to a filter (`TCA_ACT_*`). Filters carry a list of them, each nested under its
/// position (1, 2, ...):
///
/// ```
/// TCA_U32_ACT / TCA_MATCHALL_ACT
///   1
///     TCA_ACT_KIND      "mirred"
///     TCA_ACT_OPTIONS   (NLA_F_NESTED) TCA_MIRRED_PARMS struct tc_mirred
/// ```
public struct TrafficAction: Hashable, Sendable {
    /// `TCA_ACT_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `TCA_ACT_KIND`.
        public static let kind = Self(rawValue: 1)
        /// `TCA_ACT_OPTIONS`.
        public static let options = Self(rawValue: 2)
        /// `TCA_ACT_INDEX`.
        public static let index = Self(rawValue: 3)
        /// `TCA_ACT_STATS`.
        public static let stats = Self(rawValue: 4)
    }

    /// The action kinds we use, typed; others kept raw.
    public enum Kind: Hashable, Sendable {
        /// `mirred`: redirect or mirror packets to another device.
        case mirred(MirredAction)
        /// Any other action, with its raw options.
        case other(name: String, options: NetlinkAttributeList?)

        /// The kind's name, as `tc` spells it.
        public var name: String {
            switch self {
            case .mirred: "mirred"
            case .other(let name, _): name
            }
        }
    }

    /// The action.
    public var kind: Kind
    /// Every other attribute (index, statistics), kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates an action.
    public init(_ kind: Kind) {
        self.kind = kind
        otherAttributes = NetlinkAttributeList()
    }

    /// Writes a list of actions as the children of a filter's action attribute.
    static func encode(_ actions: [TrafficAction], into writer: inout AttributeWriter) {
        for (position, action) in actions.enumerated() {
            writer.nested(rawType: UInt16(position + 1)) { nested in
                nested.attribute(AttributeType.kind, action.kind.name)
                switch action.kind {
                case .mirred(let mirred):
                    nested.nested(AttributeType.options, flags: NetlinkAttribute.nestedFlag) { mirred.encode(into: &$0) }
                case .other(_, let options):
                    if let options {
                        nested.nested(AttributeType.options, flags: NetlinkAttribute.nestedFlag) {
                            for attribute in options { $0.attribute(attribute) }
                        }
                    }
                }
                for attribute in action.otherAttributes { nested.attribute(attribute) }
            }
        }
    }

    /// Decodes the children of a filter's action attribute, in position order.
    static func decodeList(_ attributes: NetlinkAttributeList) throws(NetlinkDecodingError) -> [TrafficAction] {
        var actions: [TrafficAction] = []
        for entry in attributes.sorted(by: { $0.type < $1.type }) {
            let children = try entry.nested()
            let name = children.first(AttributeType.kind)?.string() ?? ""
            let options = try children.first(AttributeType.options)?.nested()
            var action: TrafficAction
            if name == "mirred", let options {
                action = TrafficAction(.mirred(try MirredAction(decoding: options)))
            } else {
                action = TrafficAction(.other(name: name, options: options))
            }
            for attribute in children where attribute.type != AttributeType.kind.rawValue
                && attribute.type != AttributeType.options.rawValue {
                action.otherAttributes.append(attribute)
            }
            actions.append(action)
        }
        return actions
    }
}

/// The `mirred` action: send packets to another device, instead of (redirect) or as well as
/// (mirror) their normal path. `action mirred egress redirect dev ifb0`
///
/// ```
/// struct tc_mirred { u32 index; u32 capab; s32 action; s32 refcnt; s32 bindcnt;  (tc_gen)
///                    s32 eaction; u32 ifindex; }
/// ```
public struct MirredAction: Hashable, Sendable {
    /// `TCA_MIRRED_PARMS`.
    public static let parametersAttribute: UInt16 = 2

    /// Where and how packets go (`TCA_*_REDIR`, `TCA_*_MIRROR`).
    public enum Direction: Int32, Hashable, Sendable {
        /// `TCA_EGRESS_REDIR`: out of the target device, instead of the normal path.
        case egressRedirect = 1
        /// `TCA_EGRESS_MIRROR`: a copy out of the target device.
        case egressMirror = 2
        /// `TCA_INGRESS_REDIR`: into the target device's receive path.
        case ingressRedirect = 3
        /// `TCA_INGRESS_MIRROR`.
        case ingressMirror = 4

        /// Whether the original packet stops here (redirect) rather than continuing (mirror).
        public var isRedirect: Bool { self == .egressRedirect || self == .ingressRedirect }
    }

    /// The direction.
    public var direction: Direction
    /// The target device's index.
    public var targetIndex: Int32
    /// The verdict after the action (`TC_ACT_STOLEN` 4 for redirect, `TC_ACT_PIPE` 3 for mirror).
    public var verdict: Int32
    /// The action's index in the kernel's table (0 lets the kernel choose).
    public var index: UInt32
    /// Other attributes (timestamps), kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates a mirred action with the verdict `tc` uses for the direction.
    public init(direction: Direction, targetIndex: Int32) {
        self.direction = direction
        self.targetIndex = targetIndex
        verdict = direction.isRedirect ? 4 : 3
        index = 0
        otherAttributes = NetlinkAttributeList()
    }

    func encode(into writer: inout AttributeWriter) {
        var parameters: [UInt8] = []
        parameters.appendLittleEndian(index)
        parameters.appendLittleEndian(UInt32(0))  // capab
        parameters.appendLittleEndian(verdict)
        parameters.appendLittleEndian(Int32(0))  // refcnt
        parameters.appendLittleEndian(Int32(0))  // bindcnt
        parameters.appendLittleEndian(direction.rawValue)
        parameters.appendLittleEndian(targetIndex)
        writer.attribute(rawType: Self.parametersAttribute, parameters)
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        guard let parameters = attributes.first(rawType: Self.parametersAttribute)?.payload,
              let index = parameters.loadLittleEndian(UInt32.self),
              let verdict = parameters.loadLittleEndian(Int32.self, at: 8),
              let rawDirection = parameters.loadLittleEndian(Int32.self, at: 20),
              let target = parameters.loadLittleEndian(Int32.self, at: 24),
              let direction = Direction(rawValue: rawDirection)
        else { throw NetlinkDecodingError("tc_mirred", "missing or malformed TCA_MIRRED_PARMS") }
        self.init(direction: direction, targetIndex: target)
        self.index = index
        self.verdict = verdict
        otherAttributes = NetlinkAttributeList(attributes.filter { $0.type != Self.parametersAttribute })
    }
}
