/// A chain (`NFT_MSG_NEWCHAIN`): a regular chain that rules jump to, or a base chain attached to
/// a netfilter hook with a type and a priority.
public struct NFTChain: NetlinkMessageBody, Hashable {
    /// Chain attributes (`NFTA_CHAIN_*`).
    struct Attribute: NetlinkAttributeType {
        var rawValue: UInt16
        static let table = Self(rawValue: 1)
        static let handle = Self(rawValue: 2)
        static let name = Self(rawValue: 3)
        static let hook = Self(rawValue: 4)
        static let policy = Self(rawValue: 5)
        static let type = Self(rawValue: 7)
        static let userData = Self(rawValue: 12)
    }

    /// Hook attributes (`NFTA_HOOK_*`).
    struct HookAttribute: NetlinkAttributeType {
        var rawValue: UInt16
        static let number = Self(rawValue: 1)
        static let priority = Self(rawValue: 2)
    }

    /// Where a base chain attaches.
    public struct Hook: Hashable, Sendable {
        /// The hook number (`NF_INET_*`, `NF_BR_*`: both number prerouting 0 ... postrouting 4).
        public var number: UInt32
        /// Lower runs first; `nft` names -300 `dstnat` in the bridge family, 100 `srcnat` in inet.
        public var priority: Int32

        public init(number: UInt32, priority: Int32) {
            self.number = number
            self.priority = priority
        }

        /// `NF_INET_PRE_ROUTING` / `NF_BR_PRE_ROUTING`.
        public static let prerouting: UInt32 = 0
        /// `NF_INET_POST_ROUTING` / `NF_BR_POST_ROUTING`.
        public static let postrouting: UInt32 = 4
    }

    public var family: NFTFamily
    public var table: String
    public var name: String
    /// The kernel's handle, in replies.
    public var handle: UInt64?
    /// `comment "..."`.
    public var comment: String?
    /// `type filter|nat|route` (base chains only).
    public var type: String?
    /// `policy accept|drop` (base chains only; the kernel's default is accept).
    public var policy: NFTVerdict?
    /// The hook (base chains only).
    public var hook: Hook?
    /// Attributes not modelled here, kept from a reply.
    public var otherAttributes = NetlinkAttributeList()

    /// A regular chain.
    public init(family: NFTFamily, table: String, name: String, comment: String? = nil) {
        self.family = family
        self.table = table
        self.name = name
        self.comment = comment
    }

    /// A base chain.
    public init(family: NFTFamily, table: String, name: String, type: String, hook: Hook, policy: NFTVerdict? = nil) {
        self.init(family: family, table: table, name: name)
        self.type = type
        self.hook = hook
        self.policy = policy
    }

    // Attribute order as `nft` sends it: table, name, comment, type, policy, hook.
    public func encode(into writer: inout AttributeWriter) {
        NFTGenericHeader(family: family).encode(into: &writer)
        writer.attribute(Attribute.table, table)
        if let handle { writer.attribute(Attribute.handle, BigEndian(handle)) }
        writer.attribute(Attribute.name, name)
        if let comment { writer.attribute(Attribute.userData, NFTUserData.encode(comment: comment)) }
        if let type { writer.attribute(Attribute.type, type) }
        if let policy { writer.attribute(Attribute.policy, BigEndian(UInt32(bitPattern: policy.code))) }
        if let hook {
            writer.nested(Attribute.hook, flags: NetlinkAttribute.nestedFlag) { nest in
                nest.attribute(HookAttribute.number, BigEndian(hook.number))
                nest.attribute(HookAttribute.priority, BigEndian(UInt32(bitPattern: hook.priority)))
            }
        }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        let (header, attributes) = try NFTGenericHeader.decode(payload, "nft chain")
        self.init(family: header.family, table: "", name: "")
        for attribute in attributes {
            switch attribute.type {
            case Attribute.table.rawValue: table = attribute.string()
            case Attribute.name.rawValue: name = attribute.string()
            case Attribute.handle.rawValue: handle = try attribute.bigEndianUInt64()
            case Attribute.userData.rawValue: comment = NFTUserData.comment(in: attribute.payload)
            case Attribute.type.rawValue: type = attribute.string()
            case Attribute.policy.rawValue: policy = NFTVerdict(code: Int32(bitPattern: try attribute.bigEndianUInt32()), chain: nil)
            case Attribute.hook.rawValue:
                let nest = try attribute.nested()
                guard let number = try nest.first(HookAttribute.number)?.bigEndianUInt32(),
                      let priority = try nest.first(HookAttribute.priority)?.bigEndianUInt32()
                else { otherAttributes.append(attribute); continue }
                hook = Hook(number: number, priority: Int32(bitPattern: priority))
            default: otherAttributes.append(attribute)
            }
        }
    }
}
