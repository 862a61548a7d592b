/// Options of an `ipvlan` or `ipvtap` link (`IFLA_IPVLAN_*`).
///
/// `ip link add link PARENT name NAME type ipvlan mode l3 private`
public struct IPVlanOptions: Hashable, Sendable {
    /// `IFLA_IPVLAN_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `IFLA_IPVLAN_MODE` (u16).
        public static let mode = Self(rawValue: 1)
        /// `IFLA_IPVLAN_FLAGS` (u16).
        public static let flags = Self(rawValue: 2)
    }

    /// Which layer the slaves switch at (`IPVLAN_MODE_*`).
    public struct Mode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `l2`.
        public static let l2 = Self(rawValue: 0)
        /// `l3`.
        public static let l3 = Self(rawValue: 1)
        /// `l3s`: l3 with netfilter on the slave.
        public static let l3s = Self(rawValue: 2)

        /// Parses the name `ip` uses.
        public init?(name: String) {
            switch name {
            case "l2": self = .l2
            case "l3": self = .l3
            case "l3s": self = .l3s
            default: return nil
            }
        }

        public var description: String {
            switch self {
            case .l2: "l2"
            case .l3: "l3"
            case .l3s: "l3s"
            default: "mode \(rawValue)"
            }
        }
    }

    /// How slaves of one parent reach each other (`IPVLAN_F_*`; `bridge` is 0).
    public struct Flags: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `bridge` (the default): slaves reach each other directly.
        public static let bridge = Self(rawValue: 0)
        /// `private`: slaves cannot reach each other.
        public static let `private` = Self(rawValue: 1)
        /// `vepa`: traffic between slaves goes through the external switch.
        public static let vepa = Self(rawValue: 2)

        public var description: String {
            switch self {
            case .bridge: "bridge"
            case .private: "private"
            case .vepa: "vepa"
            default: "flags \(rawValue)"
            }
        }
    }

    /// The mode.
    public var mode: Mode?
    /// The flags.
    public var flags: Flags?
    /// Every other attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates options.
    public init(mode: Mode? = nil, flags: Flags? = nil) {
        self.mode = mode
        self.flags = flags
        otherAttributes = NetlinkAttributeList()
    }

    var hasData: Bool { mode != nil || flags != nil || !otherAttributes.isEmpty }

    func encode(into writer: inout AttributeWriter) {
        if let mode { writer.attribute(AttributeType.mode, mode.rawValue) }
        if let flags { writer.attribute(AttributeType.flags, flags.rawValue) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init()
        for attribute in attributes {
            switch AttributeType(rawValue: attribute.type) {
            case .mode: mode = Mode(rawValue: try attribute.uint16())
            case .flags: flags = Flags(rawValue: try attribute.uint16())
            default: otherAttributes.append(attribute)
            }
        }
    }
}
