/// Options of the `matchall` filter (`TCA_MATCHALL_*`): every packet matches, then the actions run.
///
/// `tc filter add dev DEV parent ffff: matchall action mirred egress redirect dev ifb0`
public struct MatchallFilter: Hashable, Sendable {
    /// `TCA_MATCHALL_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `TCA_MATCHALL_CLASSID`.
        public static let classID = Self(rawValue: 1)
        /// `TCA_MATCHALL_ACT`.
        public static let actions = Self(rawValue: 2)
        /// `TCA_MATCHALL_FLAGS`.
        public static let flags = Self(rawValue: 3)
    }

    /// The actions.
    public var actions: [TrafficAction]
    /// `TCA_MATCHALL_CLASSID`.
    public var classID: UInt32?
    /// `TCA_MATCHALL_FLAGS`.
    public var flags: UInt32?
    /// Every other attribute (counters), kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates a filter running `actions` on every packet.
    public init(actions: [TrafficAction]) {
        self.actions = actions
        otherAttributes = NetlinkAttributeList()
    }

    func encode(into writer: inout AttributeWriter) {
        if let classID { writer.attribute(AttributeType.classID, classID) }
        if !actions.isEmpty { writer.nested(AttributeType.actions) { TrafficAction.encode(actions, into: &$0) } }
        if let flags { writer.attribute(AttributeType.flags, flags) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init(actions: [])
        for attribute in attributes {
            switch AttributeType(rawValue: attribute.type) {
            case .classID: classID = try attribute.uint32()
            case .actions: actions = try TrafficAction.decodeList(attribute.nested())
            case .flags: flags = try attribute.uint32()
            default: otherAttributes.append(attribute)
            }
        }
    }
}
