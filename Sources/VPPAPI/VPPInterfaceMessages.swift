public import NetAddress

// Interface messages (src/vnet/interface.api).

/// `sw_interface_dump`: every interface, or those whose name contains `nameFilter`.
public struct SwInterfaceDump: VPPDumpRequest {
    public static let name = "sw_interface_dump"
    public static let crc = "aa610c27"
    public typealias Details = SwInterfaceDetails
    public var swIfIndex: UInt32 = .max
    public var nameFilter: String?
    public init(swIfIndex: UInt32 = .max, nameFilter: String? = nil) {
        self.swIfIndex = swIfIndex
        self.nameFilter = nameFilter
    }
    public func encodeFields(_ encoder: inout VPPEncoder) {
        encoder.u32(swIfIndex)
        encoder.bool(nameFilter != nil)
        encoder.variableString(nameFilter ?? "")
    }
}

/// `sw_interface_details`: the fields we use; the sub-interface and PBB ones are skipped.
public struct SwInterfaceDetails: VPPReply {
    public static let name = "sw_interface_details"
    public static let crc = "6c221fc7"
    public var swIfIndex: UInt32
    public var macAddress: [UInt8]
    /// `IF_STATUS_API_FLAG_ADMIN_UP` (1), `..._LINK_UP` (2).
    public var flags: UInt32
    public var interfaceName: String
    public var deviceType: String
    /// The tag a client set with `sw_interface_tag_add_del`.
    public var tag: String

    public var isAdminUp: Bool { flags & 1 != 0 }
    public var isLinkUp: Bool { flags & 2 != 0 }

    public init(fields: inout VPPDecoder) throws(VPPAPIError) {
        swIfIndex = try fields.u32()
        _ = try fields.u32()  // sup_sw_if_index
        macAddress = try fields.fixedBytes(6)
        flags = try fields.u32()
        // type, link_duplex, link_speed (u32 each), link_mtu (u16), mtu[4] (u32), sub_id (u32),
        // sub_number_of_tags (u8), outer and inner VLAN (u16), sub_if_flags, vtr_op,
        // vtr_push_dot1q, vtr_tag1, vtr_tag2 (u32), outer_tag (u16), b_dmac, b_smac (6),
        // b_vlanid (u16), i_sid (u32)
        try fields.skip(4 + 4 + 4 + 2 + 16 + 4 + 1 + 2 + 2 + 4 + 4 + 4 + 4 + 4 + 2 + 6 + 6 + 2 + 4)
        interfaceName = try fields.fixedString(size: 64)
        deviceType = try fields.fixedString(size: 64)
        tag = try fields.fixedString(size: 64)
    }
}

/// `sw_interface_set_flags`: admin up (1) or down (0).
public struct SwInterfaceSetFlags: VPPRequest {
    public static let name = "sw_interface_set_flags"
    public static let crc = "f5aec1b8"
    public static var isIdempotent: Bool { true }
    public typealias Reply = SwInterfaceSetFlagsReply
    public var swIfIndex: UInt32
    public var adminUp: Bool
    public init(swIfIndex: UInt32, adminUp: Bool) {
        self.swIfIndex = swIfIndex
        self.adminUp = adminUp
    }
    public func encodeFields(_ encoder: inout VPPEncoder) {
        encoder.u32(swIfIndex)
        encoder.u32(adminUp ? 1 : 0)
    }
}

public struct SwInterfaceSetFlagsReply: VPPStatusReply {
    public static let name = "sw_interface_set_flags_reply"
    public var retval: Int32
    public init(retval: Int32) { self.retval = retval }
}

/// `sw_interface_add_del_address`: an address with its prefix length (the connected route).
public struct SwInterfaceAddDelAddress: VPPRequest {
    public static let name = "sw_interface_add_del_address"
    public static let crc = "5463d73b"
    public typealias Reply = SwInterfaceAddDelAddressReply
    public var swIfIndex: UInt32
    public var isAdd: Bool
    public var deleteAll: Bool
    public var address: IPAddress
    public var prefixLength: UInt8
    public init(swIfIndex: UInt32, isAdd: Bool, deleteAll: Bool = false, address: IPAddress, prefixLength: UInt8) {
        self.swIfIndex = swIfIndex
        self.isAdd = isAdd
        self.deleteAll = deleteAll
        self.address = address
        self.prefixLength = prefixLength
    }
    public func encodeFields(_ encoder: inout VPPEncoder) {
        encoder.u32(swIfIndex)
        encoder.bool(isAdd)
        encoder.bool(deleteAll)
        VPPAddress.encode(address, into: &encoder)
        encoder.u8(prefixLength)
    }
}

public struct SwInterfaceAddDelAddressReply: VPPStatusReply {
    public static let name = "sw_interface_add_del_address_reply"
    public var retval: Int32
    public init(retval: Int32) { self.retval = retval }
}

/// `sw_interface_tag_add_del`: a free-form tag (at most 63 bytes) on an interface; we mark our
/// interfaces with it so that DEL and GC find them without state of their own.
public struct SwInterfaceTagAddDel: VPPRequest {
    public static let name = "sw_interface_tag_add_del"
    public static let crc = "426f8bc1"
    public static var isIdempotent: Bool { true }
    public typealias Reply = SwInterfaceTagAddDelReply
    public var isAdd: Bool
    public var swIfIndex: UInt32
    public var tag: String
    public init(isAdd: Bool, swIfIndex: UInt32, tag: String) {
        self.isAdd = isAdd
        self.swIfIndex = swIfIndex
        self.tag = tag
    }
    public func encodeFields(_ encoder: inout VPPEncoder) throws(VPPAPIError) {
        encoder.bool(isAdd)
        encoder.u32(swIfIndex)
        try encoder.fixedString(tag, size: 64, field: "sw_interface_tag_add_del.tag")
    }
}

public struct SwInterfaceTagAddDelReply: VPPStatusReply {
    public static let name = "sw_interface_tag_add_del_reply"
    public var retval: Int32
    public init(retval: Int32) { self.retval = retval }
}

/// `vl_api_address_t`: the family (`u8`), then a 16-byte union (IPv4 in its first 4 bytes).
enum VPPAddress {
    static func encode(_ address: IPAddress, into encoder: inout VPPEncoder) {
        switch address {
        case .v4(let v4):
            encoder.u8(0)
            encoder.fixedBytes(v4.bytes, count: 16)
        case .v6(let v6):
            encoder.u8(1)
            encoder.fixedBytes(v6.bytes, count: 16)
        }
    }
}
