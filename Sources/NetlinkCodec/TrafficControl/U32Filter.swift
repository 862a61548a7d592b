/// Options of the `u32` filter (`TCA_U32_*`): match 32-bit words of the packet, then act.
///
/// `u32 match u32 0 0` (match everything) is one key with mask 0 and value 0, in a terminal
/// selector. The bandwidth plugin uses exactly that, followed by a mirred redirect to an ifb.
///
/// ```
/// struct tc_u32_sel { u8 flags; u8 offshift; u8 nkeys; u8 pad; __be16 offmask; u16 off;
///                     s16 offoff; s16 hoff; __be32 hmask; struct tc_u32_key keys[nkeys]; }
/// struct tc_u32_key { __be32 mask; __be32 val; s32 off; s32 offmask; }
/// ```
public struct U32Filter: Hashable, Sendable {
    /// `TCA_U32_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `TCA_U32_CLASSID`.
        public static let classID = Self(rawValue: 1)
        /// `TCA_U32_HASH`.
        public static let hash = Self(rawValue: 2)
        /// `TCA_U32_LINK`.
        public static let link = Self(rawValue: 3)
        /// `TCA_U32_DIVISOR`.
        public static let divisor = Self(rawValue: 4)
        /// `TCA_U32_SEL`.
        public static let selector = Self(rawValue: 5)
        /// `TCA_U32_ACT`.
        public static let actions = Self(rawValue: 7)
        /// `TCA_U32_FLAGS`.
        public static let flags = Self(rawValue: 11)
    }

    /// One match: `(packet word at offset) & mask == value`.
    public struct Key: Hashable, Sendable {
        /// The mask, in host terms (sent in network order).
        public var mask: UInt32
        /// The value, in host terms (sent in network order).
        public var value: UInt32
        /// The byte offset in the packet.
        public var offset: Int32
        /// `offmask`.
        public var offsetMask: Int32
        /// Creates a key.
        public init(mask: UInt32, value: UInt32, offset: Int32 = 0, offsetMask: Int32 = 0) {
            self.mask = mask
            self.value = value
            self.offset = offset
            self.offsetMask = offsetMask
        }
    }

    /// `TC_U32_TERMINAL`: a match ends the classification.
    public static let terminalFlag: UInt8 = 1

    /// The selector's flags.
    public var selectorFlags: UInt8
    /// The keys, all of which must match.
    public var keys: [Key]
    /// `TCA_U32_CLASSID`.
    public var classID: UInt32?
    /// The actions to run on a match.
    public var actions: [TrafficAction]
    /// `TCA_U32_FLAGS` (`TCA_CLS_FLAGS_SKIP_HW` ...).
    public var flags: UInt32?
    /// Every other attribute (hash table links, counters), kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates a terminal filter with the given keys and actions.
    public init(keys: [Key], actions: [TrafficAction]) {
        selectorFlags = Self.terminalFlag
        self.keys = keys
        self.actions = actions
        otherAttributes = NetlinkAttributeList()
    }

    /// `u32 match u32 0 0`: every packet.
    public static func matchAll(actions: [TrafficAction]) -> U32Filter {
        U32Filter(keys: [Key(mask: 0, value: 0)], actions: actions)
    }

    func encode(into writer: inout AttributeWriter) {
        if let classID { writer.attribute(AttributeType.classID, classID) }
        // `tc` writes the actions before the selector; so do we, so the bytes match.
        if !actions.isEmpty { writer.nested(AttributeType.actions) { TrafficAction.encode(actions, into: &$0) } }
        var selector: [UInt8] = [selectorFlags, 0, UInt8(clamping: keys.count), 0]
        selector += [UInt8](repeating: 0, count: 12)  // offmask, off, offoff, hoff, hmask
        for key in keys {
            selector.appendBigEndian(key.mask)
            selector.appendBigEndian(key.value)
            selector.appendLittleEndian(key.offset)
            selector.appendLittleEndian(key.offsetMask)
        }
        writer.attribute(AttributeType.selector, selector)
        if let flags { writer.attribute(AttributeType.flags, flags) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init(keys: [], actions: [])
        selectorFlags = 0
        for attribute in attributes {
            switch AttributeType(rawValue: attribute.type) {
            case .classID: classID = try attribute.uint32()
            case .actions: actions = try TrafficAction.decodeList(attribute.nested())
            case .flags: flags = try attribute.uint32()
            case .selector:
                let p = attribute.payload
                guard p.count >= 16 else { throw .truncated("tc_u32_sel", need: 16, have: p.count) }
                selectorFlags = p[0]
                let count = Int(p[2])
                guard p.count >= 16 + 16 * count else {
                    throw .truncated("tc_u32_sel keys", need: 16 + 16 * count, have: p.count)
                }
                keys = (0..<count).map { i in
                    let base = 16 + 16 * i
                    return Key(
                        mask: p.loadBigEndian(UInt32.self, at: base) ?? 0, value: p.loadBigEndian(UInt32.self, at: base + 4) ?? 0,
                        offset: p.loadLittleEndian(Int32.self, at: base + 8) ?? 0,
                        offsetMask: p.loadLittleEndian(Int32.self, at: base + 12) ?? 0)
                }
                // The kernel reports the selector with hash fields; keep the bytes we do not model.
                if p[3] != 0 || p[4..<16].contains(where: { $0 != 0 }) { otherAttributes.append(attribute) }
            default: otherAttributes.append(attribute)
            }
        }
    }
}
