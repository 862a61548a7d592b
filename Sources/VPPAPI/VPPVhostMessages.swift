// vhost-user messages (src/plugins/vhost/vhost_user.api).

/// The settings of a new vhost-user interface, shared by both versions of `create_vhost_user_if`.
public struct VhostUserSettings: Sendable, Equatable {
    /// VPP creates the socket (the container's virtio_user connects); else VPP connects to the
    /// container's socket and keeps retrying until it is there.
    public var isServer: Bool
    /// At most 255 bytes.
    public var socketFilename: String
    public var disableMergeableRxBuffers = false
    public var disableIndirectDescriptors = false
    public var enableGSO = false
    public var enablePacked = false
    /// The MAC address, if not VPP's choice.
    public var macAddress: [UInt8]?
    /// An interface tag set at creation (at most 63 bytes).
    public var tag = ""

    public init(isServer: Bool, socketFilename: String) {
        self.isServer = isServer
        self.socketFilename = socketFilename
    }

    func encode(_ encoder: inout VPPEncoder, eventIndex: Bool?) throws(VPPAPIError) {
        encoder.bool(isServer)
        try encoder.fixedString(socketFilename, size: 256, field: "create_vhost_user_if.sock_filename")
        encoder.bool(false)  // renumber
        encoder.bool(disableMergeableRxBuffers)
        encoder.bool(disableIndirectDescriptors)
        encoder.bool(enableGSO)
        encoder.bool(enablePacked)
        if let eventIndex { encoder.bool(eventIndex) }
        encoder.u32(0)  // custom_dev_instance
        encoder.bool(macAddress != nil)
        encoder.fixedBytes(macAddress ?? [], count: 6)
        try encoder.fixedString(tag, size: 64, field: "create_vhost_user_if.tag")
    }
}

/// `create_vhost_user_if_v2`.
public struct CreateVhostUserIfV2: VPPRequest {
    public static let name = "create_vhost_user_if_v2"
    public static let crc = "dba1cc1d"
    public typealias Reply = InterfaceCreatedReply<CreateVhostUserIfV2>
    public var settings: VhostUserSettings
    public var enableEventIndex = false
    public init(_ settings: VhostUserSettings) { self.settings = settings }
    public func encodeFields(_ encoder: inout VPPEncoder) throws(VPPAPIError) {
        try settings.encode(&encoder, eventIndex: enableEventIndex)
    }
}

/// `create_vhost_user_if`: the first version (no event index flag).
public struct CreateVhostUserIf: VPPRequest {
    public static let name = "create_vhost_user_if"
    public static let crc = "c785c6fc"
    public typealias Reply = InterfaceCreatedReply<CreateVhostUserIf>
    public var settings: VhostUserSettings
    public init(_ settings: VhostUserSettings) { self.settings = settings }
    public func encodeFields(_ encoder: inout VPPEncoder) throws(VPPAPIError) {
        try settings.encode(&encoder, eventIndex: nil)
    }
}

/// `delete_vhost_user_if`.
public struct DeleteVhostUserIf: VPPRequest {
    public static let name = "delete_vhost_user_if"
    public static let crc = "f9e6675e"
    public typealias Reply = DeleteVhostUserIfReply
    public var swIfIndex: UInt32
    public init(swIfIndex: UInt32) { self.swIfIndex = swIfIndex }
    public func encodeFields(_ encoder: inout VPPEncoder) { encoder.u32(swIfIndex) }
}

public struct DeleteVhostUserIfReply: VPPStatusReply {
    public static let name = "delete_vhost_user_if_reply"
    public var retval: Int32
    public init(retval: Int32) { self.retval = retval }
}

/// `sw_interface_vhost_user_dump`: one vhost-user interface, or all (`~0`).
public struct SwInterfaceVhostUserDump: VPPDumpRequest {
    public static let name = "sw_interface_vhost_user_dump"
    public static let crc = "f9e6675e"
    public typealias Details = SwInterfaceVhostUserDetails
    public var swIfIndex: UInt32
    public init(swIfIndex: UInt32 = .max) { self.swIfIndex = swIfIndex }
    public func encodeFields(_ encoder: inout VPPEncoder) { encoder.u32(swIfIndex) }
}

public struct SwInterfaceVhostUserDetails: VPPReply {
    public static let name = "sw_interface_vhost_user_details"
    public static let crc = "0cee1e53"
    public var swIfIndex: UInt32
    public var interfaceName: String
    public var isServer: Bool
    public var socketFilename: String
    /// Memory regions the peer shared: more than 0 once a driver is connected.
    public var regionCount: UInt32
    public var socketErrno: Int32
    public init(fields: inout VPPDecoder) throws(VPPAPIError) {
        swIfIndex = try fields.u32()
        interfaceName = try fields.fixedString(size: 64)
        try fields.skip(12)  // virtio_net_hdr_sz, features_first_32, features_last_32
        isServer = try fields.bool()
        socketFilename = try fields.fixedString(size: 256)
        regionCount = try fields.u32()
        socketErrno = try fields.i32()
    }
}
