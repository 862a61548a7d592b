// L2 bridging messages (src/vnet/l2/l2.api).

/// The settings of a bridge domain, shared by both versions of `bridge_domain_add_del`.
public struct BridgeDomainSettings: Sendable, Equatable {
    /// 1 to 16M; `~0` asks VPP for an unused one (`_v2` only).
    public var id: UInt32
    public var flood = true
    public var unknownUnicastFlood = true
    public var forward = true
    public var learn = true
    public var arpTermination = false
    public var arpUnicastForward = false
    /// MAC ageing in minutes; 0 disables it.
    public var macAge: UInt8 = 0
    /// At most 63 bytes.
    public var tag = ""

    public init(id: UInt32) { self.id = id }

    func encode(_ encoder: inout VPPEncoder, isAdd: Bool) throws(VPPAPIError) {
        encoder.u32(id)
        encoder.bool(flood)
        encoder.bool(unknownUnicastFlood)
        encoder.bool(forward)
        encoder.bool(learn)
        encoder.bool(arpTermination)
        encoder.bool(arpUnicastForward)
        encoder.u8(macAge)
        try encoder.fixedString(tag, size: 64, field: "bridge_domain_add_del.bd_tag")
        encoder.bool(isAdd)
    }
}

/// `bridge_domain_add_del_v2`: its answer carries the bridge domain's ID.
public struct BridgeDomainAddDelV2: VPPRequest {
    public static let name = "bridge_domain_add_del_v2"
    public static let crc = "600b7170"
    public typealias Reply = BridgeDomainAddDelV2Reply
    public var settings: BridgeDomainSettings
    public var isAdd: Bool
    public init(_ settings: BridgeDomainSettings, isAdd: Bool) {
        self.settings = settings
        self.isAdd = isAdd
    }
    public func encodeFields(_ encoder: inout VPPEncoder) throws(VPPAPIError) {
        try settings.encode(&encoder, isAdd: isAdd)
    }
}

public struct BridgeDomainAddDelV2Reply: VPPReply {
    public static let name = "bridge_domain_add_del_v2_reply"
    public static let crc = "fcb1e980"
    public var retval: Int32
    public var bridgeDomainID: UInt32
    public init(fields: inout VPPDecoder) throws(VPPAPIError) {
        retval = try fields.i32()
        bridgeDomainID = try fields.u32()
    }
    public var returnValue: Int32? { retval }
}

/// `bridge_domain_add_del`: the first version (deprecated in VPP, still there).
public struct BridgeDomainAddDel: VPPRequest {
    public static let name = "bridge_domain_add_del"
    public static let crc = "600b7170"
    public typealias Reply = BridgeDomainAddDelReply
    public var settings: BridgeDomainSettings
    public var isAdd: Bool
    public init(_ settings: BridgeDomainSettings, isAdd: Bool) {
        self.settings = settings
        self.isAdd = isAdd
    }
    public func encodeFields(_ encoder: inout VPPEncoder) throws(VPPAPIError) {
        try settings.encode(&encoder, isAdd: isAdd)
    }
}

public struct BridgeDomainAddDelReply: VPPStatusReply {
    public static let name = "bridge_domain_add_del_reply"
    public var retval: Int32
    public init(retval: Int32) { self.retval = retval }
}

/// `bridge_domain_dump`: one bridge domain, or all (`~0`).
public struct BridgeDomainDump: VPPDumpRequest {
    public static let name = "bridge_domain_dump"
    public static let crc = "74396a43"
    public typealias Details = BridgeDomainDetails
    public var id: UInt32
    public init(id: UInt32 = .max) { self.id = id }
    public func encodeFields(_ encoder: inout VPPEncoder) {
        encoder.u32(id)
        encoder.u32(.max)  // sw_if_index filter: unimplemented in VPP
    }
}

public struct BridgeDomainDetails: VPPReply {
    public static let name = "bridge_domain_details"
    public static let crc = "0fa506fd"
    public var id: UInt32
    public var tag: String
    /// The member interfaces' `sw_if_index`es.
    public var members: [UInt32]
    public init(fields: inout VPPDecoder) throws(VPPAPIError) {
        id = try fields.u32()
        try fields.skip(7)  // flood, uu_flood, forward, learn, arp_term, arp_ufwd, mac_age
        tag = try fields.fixedString(size: 64)
        try fields.skip(8)  // bvi_sw_if_index, uu_fwd_sw_if_index
        let count = try fields.u32()
        members = []
        for _ in 0..<count {
            _ = try fields.u32()  // context
            members.append(try fields.u32())
            _ = try fields.u8()  // shg
        }
    }
}

/// `sw_interface_set_l2_bridge`: puts an interface into a bridge domain, or takes it out.
public struct SwInterfaceSetL2Bridge: VPPRequest {
    public static let name = "sw_interface_set_l2_bridge"
    public static let crc = "d0678b13"
    public static var isIdempotent: Bool { true }
    public typealias Reply = SwInterfaceSetL2BridgeReply
    public var swIfIndex: UInt32
    public var bridgeDomainID: UInt32
    public var enable: Bool
    /// Split-horizon group.
    public var splitHorizonGroup: UInt8 = 0
    public init(swIfIndex: UInt32, bridgeDomainID: UInt32, enable: Bool) {
        self.swIfIndex = swIfIndex
        self.bridgeDomainID = bridgeDomainID
        self.enable = enable
    }
    public func encodeFields(_ encoder: inout VPPEncoder) {
        encoder.u32(swIfIndex)
        encoder.u32(bridgeDomainID)
        encoder.u32(0)  // port_type: L2_API_PORT_TYPE_NORMAL
        encoder.u8(splitHorizonGroup)
        encoder.bool(enable)
    }
}

public struct SwInterfaceSetL2BridgeReply: VPPStatusReply {
    public static let name = "sw_interface_set_l2_bridge_reply"
    public var retval: Int32
    public init(retval: Int32) { self.retval = retval }
}
