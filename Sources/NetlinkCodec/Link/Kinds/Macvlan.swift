/// Options of a `macvlan` or `macvtap` link (`IFLA_MACVLAN_*`).
///
/// `ip link add link PARENT name NAME type macvlan mode bridge`
public struct MacvlanOptions: Hashable, Sendable {
    /// `IFLA_MACVLAN_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `IFLA_MACVLAN_MODE` (u32).
        public static let mode = Self(rawValue: 1)
        /// `IFLA_MACVLAN_FLAGS` (u16).
        public static let flags = Self(rawValue: 2)
    }

    /// How macvlans on one parent reach each other (`MACVLAN_MODE_*`).
    public struct Mode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// `private`: no traffic between macvlans of the parent.
        public static let `private` = Self(rawValue: 1)
        /// `vepa`: traffic between macvlans goes out through the external switch.
        public static let vepa = Self(rawValue: 2)
        /// `bridge`: macvlans of the parent reach each other directly.
        public static let bridge = Self(rawValue: 4)
        /// `passthru`: one macvlan takes over the parent.
        public static let passthru = Self(rawValue: 8)
        /// `source`: accept only frames from listed source MACs.
        public static let source = Self(rawValue: 16)

        /// Parses the name `ip` uses.
        public init?(name: String) {
            switch name {
            case "private": self = .private
            case "vepa": self = .vepa
            case "bridge": self = .bridge
            case "passthru": self = .passthru
            case "source": self = .source
            default: return nil
            }
        }

        public var description: String {
            switch self {
            case .private: "private"
            case .vepa: "vepa"
            case .bridge: "bridge"
            case .passthru: "passthru"
            case .source: "source"
            default: "mode \(rawValue)"
            }
        }
    }

    /// The mode.
    public var mode: Mode?
    /// `MACVLAN_FLAG_*` (`NOPROMISC` = 1 for passthru without promiscuous mode, `NODST` = 2).
    public var flags: UInt16?
    /// Every other attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates options.
    public init(mode: Mode? = nil, flags: UInt16? = nil) {
        self.mode = mode
        self.flags = flags
        otherAttributes = NetlinkAttributeList()
    }

    var hasData: Bool { mode != nil || flags != nil || !otherAttributes.isEmpty }

    func encode(into writer: inout AttributeWriter) {
        if let mode { writer.attribute(AttributeType.mode, mode.rawValue) }
        if let flags { writer.attribute(AttributeType.flags, flags) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init()
        for attribute in attributes {
            switch AttributeType(rawValue: attribute.type) {
            case .mode: mode = Mode(rawValue: try attribute.uint32())
            case .flags: flags = try attribute.uint16()
            default: otherAttributes.append(attribute)
            }
        }
    }
}
