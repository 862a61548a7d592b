// The messages of the API's own plumbing (src/vlibmemory/memclnt.api) and `show_version`
// (src/vpp/api/vpe.api).

/// `sockclnt_create`: the first message on a socket connection. It has no `client_index` (the
/// client has none yet) and a fixed message ID, since the client cannot look anything up yet.
struct SockclntCreate {
    static let messageID: UInt16 = 15
    static let replyID: UInt16 = 16
    var context: UInt32
    var name: String

    func encoded() throws(VPPAPIError) -> [UInt8] {
        var encoder = VPPEncoder()
        encoder.u16(Self.messageID)
        encoder.u32(context)
        try encoder.fixedString(name, size: 64, field: "sockclnt_create.name")
        return encoder.bytes
    }
}

/// `sockclnt_create_reply`: our registration's index and the message table, name with CRC to ID.
///
/// VPP lists a few thousand messages and a plugin uses about ten, so the table stays as VPP's
/// bytes (66-byte entries: `u16` ID, 64-byte name) and a lookup scans it for the name wanted:
/// cheaper than turning every entry into a string.
struct SockclntCreateReply {
    static let tableOffset = 20
    static let entrySize = 66
    var context: UInt32
    var response: Int32
    var index: UInt32
    var count: Int
    private let bytes: [UInt8]

    init(_ bytes: [UInt8]) throws(VPPAPIError) {
        var decoder = VPPDecoder(bytes, messageName: "sockclnt_create_reply")
        guard try decoder.u16() == SockclntCreate.replyID else {
            throw VPPAPIError(.protocolViolation, "VPP did not answer sockclnt_create with sockclnt_create_reply")
        }
        _ = try decoder.u32()  // client_index: unused
        context = try decoder.u32()
        response = try decoder.i32()
        index = try decoder.u32()
        count = Int(try decoder.u16())
        guard bytes.count >= Self.tableOffset + count * Self.entrySize else {
            throw VPPAPIError(.protocolViolation, "sockclnt_create_reply: \(count) table entries announced, " +
                              "\(bytes.count) bytes received")
        }
        self.bytes = bytes
    }

    /// The CRC and ID of message `name`, if VPP has it (entries are `<name>_<crc>`).
    func entry(named name: String) -> (crc: String, id: UInt16)? {
        let wanted = Array(name.utf8) + [UInt8(ascii: "_")]
        guard wanted.count < 64 else { return nil }
        for entry in 0..<count {
            let start = Self.tableOffset + entry * Self.entrySize
            let nameStart = start + 2
            guard bytes[nameStart] == wanted[0] else { continue }
            var matches = true
            for offset in 1..<wanted.count where bytes[nameStart + offset] != wanted[offset] {
                matches = false
                break
            }
            // The rest must be the CRC alone: `sw_interface_dump_` must not match `sw_interface_dump_x_...`.
            let rest = bytes[(nameStart + wanted.count)..<(nameStart + 64)].prefix { $0 != 0 }
            guard matches, !rest.contains(UInt8(ascii: "_")) else { continue }
            return (String(decoding: rest, as: UTF8.self), UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1]))
        }
        return nil
    }
}

/// `sockclnt_delete`: ends our registration before closing the socket.
public struct SockclntDelete: VPPRequest {
    public static let name = "sockclnt_delete"
    public static let crc = "8ac76db6"
    public typealias Reply = SockclntDeleteReply
    public var index: UInt32
    public func encodeFields(_ encoder: inout VPPEncoder) { encoder.u32(index) }
}

public struct SockclntDeleteReply: VPPReply {
    public static let name = "sockclnt_delete_reply"
    public static let crc = "8f38b1ee"
    public var response: Int32
    public init(fields: inout VPPDecoder) throws(VPPAPIError) { response = try fields.i32() }
}

/// `memclnt_keepalive`: VPP asks whether a quiet client is still there.
enum MemclntKeepalive {
    static let name = "memclnt_keepalive"
    static let crc = "51077d14"
}

public struct MemclntKeepaliveReply: VPPStatusReply {
    public static let name = "memclnt_keepalive_reply"
    public var retval: Int32
    public init(retval: Int32) { self.retval = retval }
}

/// `control_ping`: answered in order, so its answer ends a dump.
public struct ControlPing: VPPRequest {
    public static let name = "control_ping"
    public static let crc = "51077d14"
    public static var isIdempotent: Bool { true }
    public typealias Reply = ControlPingReply
    public init() {}
    public func encodeFields(_ encoder: inout VPPEncoder) {}
}

public struct ControlPingReply: VPPReply {
    public static let name = "control_ping_reply"
    public static let crc = "f6b0b8ca"
    public var retval: Int32
    public var clientIndex: UInt32
    /// VPP's process ID.
    public var vppPID: UInt32
    public init(fields: inout VPPDecoder) throws(VPPAPIError) {
        retval = try fields.i32()
        clientIndex = try fields.u32()
        vppPID = try fields.u32()
    }
    public var returnValue: Int32? { retval }
}

/// `show_version`.
public struct ShowVersion: VPPRequest {
    public static let name = "show_version"
    public static let crc = "51077d14"
    public static var isIdempotent: Bool { true }
    public typealias Reply = ShowVersionReply
    public init() {}
    public func encodeFields(_ encoder: inout VPPEncoder) {}
}

public struct ShowVersionReply: VPPReply {
    public static let name = "show_version_reply"
    public static let crc = "c919bde1"
    public var retval: Int32
    public var program: String
    public var version: String
    public var buildDate: String
    public var buildDirectory: String
    public init(fields: inout VPPDecoder) throws(VPPAPIError) {
        retval = try fields.i32()
        program = try fields.fixedString(size: 32)
        version = try fields.fixedString(size: 32)
        buildDate = try fields.fixedString(size: 32)
        buildDirectory = try fields.fixedString(size: 256)
    }
    public var returnValue: Int32? { retval }
}
