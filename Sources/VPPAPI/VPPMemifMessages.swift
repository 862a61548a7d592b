// memif messages (src/plugins/memif/memif.api).

/// `memif_socket_filename_add_del_v2`: registers a socket file (VPP picks the ID when asked
/// with `~0`), or removes a registration.
public struct MemifSocketFilenameAddDelV2: VPPRequest {
    public static let name = "memif_socket_filename_add_del_v2"
    public static let crc = "34223bdf"
    public typealias Reply = MemifSocketFilenameAddDelV2Reply
    public var isAdd: Bool
    public var socketID: UInt32
    public var socketFilename: String
    public init(isAdd: Bool, socketID: UInt32 = .max, socketFilename: String = "") {
        self.isAdd = isAdd
        self.socketID = socketID
        self.socketFilename = socketFilename
    }
    public func encodeFields(_ encoder: inout VPPEncoder) {
        encoder.bool(isAdd)
        encoder.u32(socketID)
        encoder.variableString(socketFilename)
    }
}

public struct MemifSocketFilenameAddDelV2Reply: VPPReply {
    public static let name = "memif_socket_filename_add_del_v2_reply"
    public static let crc = "9f29bdb9"
    public var retval: Int32
    public var socketID: UInt32
    public init(fields: inout VPPDecoder) throws(VPPAPIError) {
        retval = try fields.i32()
        socketID = try fields.u32()
    }
    public var returnValue: Int32? { retval }
}

/// `memif_socket_filename_add_del`: the first version, with the caller's socket ID and a
/// filename of at most 107 bytes.
public struct MemifSocketFilenameAddDel: VPPRequest {
    public static let name = "memif_socket_filename_add_del"
    public static let crc = "a2ce1a10"
    public typealias Reply = MemifSocketFilenameAddDelReply
    public var isAdd: Bool
    public var socketID: UInt32
    public var socketFilename: String
    public init(isAdd: Bool, socketID: UInt32, socketFilename: String = "") {
        self.isAdd = isAdd
        self.socketID = socketID
        self.socketFilename = socketFilename
    }
    public func encodeFields(_ encoder: inout VPPEncoder) throws(VPPAPIError) {
        encoder.bool(isAdd)
        encoder.u32(socketID)
        try encoder.fixedString(socketFilename, size: 108, field: "memif_socket_filename_add_del.socket_filename")
    }
}

public struct MemifSocketFilenameAddDelReply: VPPStatusReply {
    public static let name = "memif_socket_filename_add_del_reply"
    public var retval: Int32
    public init(retval: Int32) { self.retval = retval }
}

/// memif roles on the API (`vl_api_memif_role_t`): VPP still says master and slave.
public enum MemifRole: UInt32, Sendable {
    case server = 0
    case client = 1
}

/// memif modes on the API (`vl_api_memif_mode_t`).
public enum MemifMode: UInt32, Sendable {
    case ethernet = 0
    case ip = 1
    case puntInject = 2
}

/// The settings of a new memif interface, shared by both versions of `memif_create`.
public struct MemifSettings: Sendable, Equatable {
    public var role: MemifRole
    public var mode: MemifMode
    /// Queue counts (a client's; 0 for VPP's default of 1).
    public var rxQueues: UInt8 = 0
    public var txQueues: UInt8 = 0
    /// Matches the peer's interface ID on the socket.
    public var id: UInt32 = 0
    public var socketID: UInt32
    /// 0 for VPP's default (1024).
    public var ringSize: UInt32 = 0
    /// 0 for VPP's default (2048).
    public var bufferSize: UInt16 = 0
    public var noZeroCopy = false
    /// All zero: VPP makes one up.
    public var macAddress: [UInt8] = [0, 0, 0, 0, 0, 0]
    public var secret = ""

    public init(role: MemifRole, mode: MemifMode, socketID: UInt32) {
        self.role = role
        self.mode = mode
        self.socketID = socketID
    }

    func encode(_ encoder: inout VPPEncoder, withDMA useDMA: Bool?) throws(VPPAPIError) {
        encoder.u32(role.rawValue)
        encoder.u32(mode.rawValue)
        encoder.u8(rxQueues)
        encoder.u8(txQueues)
        encoder.u32(id)
        encoder.u32(socketID)
        encoder.u32(ringSize)
        encoder.u16(bufferSize)
        encoder.bool(noZeroCopy)
        if let useDMA { encoder.bool(useDMA) }
        encoder.fixedBytes(macAddress, count: 6)
        try encoder.fixedString(secret, size: 24, field: "memif_create.secret")
    }
}

/// `memif_create_v2`.
public struct MemifCreateV2: VPPRequest {
    public static let name = "memif_create_v2"
    public static let crc = "8c7de5f7"
    public typealias Reply = InterfaceCreatedReply<MemifCreateV2>
    public var settings: MemifSettings
    public var useDMA = false
    public init(_ settings: MemifSettings) { self.settings = settings }
    public func encodeFields(_ encoder: inout VPPEncoder) throws(VPPAPIError) {
        try settings.encode(&encoder, withDMA: useDMA)
    }
}

/// `memif_create`: the first version (no DMA flag).
public struct MemifCreate: VPPRequest {
    public static let name = "memif_create"
    public static let crc = "b1b25061"
    public typealias Reply = InterfaceCreatedReply<MemifCreate>
    public var settings: MemifSettings
    public init(_ settings: MemifSettings) { self.settings = settings }
    public func encodeFields(_ encoder: inout VPPEncoder) throws(VPPAPIError) {
        try settings.encode(&encoder, withDMA: nil)
    }
}

/// `memif_delete`.
public struct MemifDelete: VPPRequest {
    public static let name = "memif_delete"
    public static let crc = "f9e6675e"
    public typealias Reply = MemifDeleteReply
    public var swIfIndex: UInt32
    public init(swIfIndex: UInt32) { self.swIfIndex = swIfIndex }
    public func encodeFields(_ encoder: inout VPPEncoder) { encoder.u32(swIfIndex) }
}

public struct MemifDeleteReply: VPPStatusReply {
    public static let name = "memif_delete_reply"
    public var retval: Int32
    public init(retval: Int32) { self.retval = retval }
}

/// `memif_dump`: every memif interface.
public struct MemifDump: VPPDumpRequest {
    public static let name = "memif_dump"
    public static let crc = "51077d14"
    public typealias Details = MemifDetails
    public init() {}
    public func encodeFields(_ encoder: inout VPPEncoder) {}
}

public struct MemifDetails: VPPReply {
    public static let name = "memif_details"
    public static let crc = "da34feb9"
    public var swIfIndex: UInt32
    public var macAddress: [UInt8]
    public var id: UInt32
    public var role: UInt32
    public var mode: UInt32
    public var zeroCopy: Bool
    public var socketID: UInt32
    public var ringSize: UInt32
    public var bufferSize: UInt16
    /// Admin up (1), connected (2).
    public var flags: UInt32
    public var interfaceName: String
    public init(fields: inout VPPDecoder) throws(VPPAPIError) {
        swIfIndex = try fields.u32()
        macAddress = try fields.fixedBytes(6)
        id = try fields.u32()
        role = try fields.u32()
        mode = try fields.u32()
        zeroCopy = try fields.bool()
        socketID = try fields.u32()
        ringSize = try fields.u32()
        bufferSize = try fields.u16()
        flags = try fields.u32()
        interfaceName = try fields.fixedString(size: 64)
    }
}

/// The answer of requests that create an interface: `retval`, then its `sw_if_index`
/// (`memif_create*_reply`, `create_vhost_user_if*_reply`, CRC 5383d31f).
public struct InterfaceCreatedReply<Request: VPPMessage>: VPPReply {
    public static var name: String { "\(Request.name)_reply" }
    public static var crc: String { "5383d31f" }
    public var retval: Int32
    public var swIfIndex: UInt32
    public init(fields: inout VPPDecoder) throws(VPPAPIError) {
        retval = try fields.i32()
        swIfIndex = try fields.u32()
    }
    public var returnValue: Int32? { retval }
}

/// `memif_socket_filename_dump`: the registered socket files.
public struct MemifSocketFilenameDump: VPPDumpRequest {
    public static let name = "memif_socket_filename_dump"
    public static let crc = "51077d14"
    public typealias Details = MemifSocketFilenameDetails
    public init() {}
    public func encodeFields(_ encoder: inout VPPEncoder) {}
}

public struct MemifSocketFilenameDetails: VPPReply {
    public static let name = "memif_socket_filename_details"
    public static let crc = "7ff326f7"
    public var socketID: UInt32
    public var socketFilename: String
    public init(fields: inout VPPDecoder) throws(VPPAPIError) {
        socketID = try fields.u32()
        socketFilename = try fields.fixedString(size: 108)
    }
}
