/// A message of VPP's binary API as one `.api` file defines it: its name and CRC, which together
/// key VPP's message table (`show_version_51077d14`). A different CRC means a different layout.
public protocol VPPMessage: Sendable {
    /// The message's name in the `.api` file.
    static var name: String { get }
    /// The definition's CRC in hex, without `0x` (from the `.api.json` files).
    static var crc: String { get }
}

/// A request: after `_vl_msg_id`, `client_index` and `context`, the fields ``encodeFields(_:)`` writes.
public protocol VPPRequest: VPPMessage {
    associatedtype Reply: VPPReply
    /// Whether sending it twice does no harm, so that it may be sent again on a new connection
    /// when the first one broke before its answer came.
    static var isIdempotent: Bool { get }
    /// Writes the fields after the header.
    func encodeFields(_ encoder: inout VPPEncoder) throws(VPPAPIError)
}

extension VPPRequest {
    public static var isIdempotent: Bool { false }
}

/// A request answered by any number of details messages (a `_dump`), ended by VPP's answer to
/// the `control_ping` sent behind it.
public protocol VPPDumpRequest: VPPMessage {
    associatedtype Details: VPPReply
    /// Writes the fields after the header.
    func encodeFields(_ encoder: inout VPPEncoder) throws(VPPAPIError)
}

/// An answer: after `_vl_msg_id` and `context`, the fields ``init(fields:)`` reads.
public protocol VPPReply: VPPMessage {
    /// Reads the fields after the header.
    init(fields: inout VPPDecoder) throws(VPPAPIError)
    /// VPP's result code, where the message has one: negative is a failure.
    var returnValue: Int32? { get }
}

extension VPPReply {
    public var returnValue: Int32? { nil }
}

/// The many replies that carry only `i32 retval` (`..._reply` of `autoreply` definitions).
public protocol VPPStatusReply: VPPReply {
    init(retval: Int32)
    var retval: Int32 { get }
}

extension VPPStatusReply {
    public static var crc: String { "e8d4e804" }
    public init(fields: inout VPPDecoder) throws(VPPAPIError) { self.init(retval: try fields.i32()) }
    public var returnValue: Int32? { retval }
}

/// VPP's framing on its API socket (`socksvr`): a 16-byte header, `u64` zero, `u32` message
/// length and `u32` zero, all big-endian, before every message in both directions.
public enum VPPFrame {
    /// The header's size.
    public static let headerSize = 16

    /// `message` with its header in front.
    public static func framed(_ message: [UInt8]) -> [UInt8] {
        var header = VPPEncoder()
        header.u32(0)
        header.u32(0)
        header.u32(UInt32(message.count))
        header.u32(0)
        return header.bytes + message
    }

    /// The first whole message in `buffer` (without its header) and how many bytes it takes
    /// with the header, or nil until `buffer` holds one.
    public static func firstMessage(in buffer: ArraySlice<UInt8>) -> (message: [UInt8], size: Int)? {
        guard let length = announcedLength(buffer), buffer.count >= headerSize + length else { return nil }
        let start = buffer.startIndex + headerSize
        return (Array(buffer[start..<start + length]), headerSize + length)
    }

    /// The length a header announces, or nil until `buffer` holds a whole header.
    public static func announcedLength(_ buffer: ArraySlice<UInt8>) -> Int? {
        guard buffer.count >= headerSize else { return nil }
        let start = buffer.startIndex + 8
        return buffer[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
    }
}

/// Messages to and from bytes, without the frame: what the connection sends and reads, and
/// what the golden-byte tests check.
public enum VPPCodec {
    /// A request: `_vl_msg_id`, `client_index` and `context`, then the fields `fields` writes.
    public static func request(id: UInt16, clientIndex: UInt32, context: UInt32,
                               fields: (inout VPPEncoder) throws(VPPAPIError) -> Void) throws(VPPAPIError) -> [UInt8] {
        var encoder = VPPEncoder()
        encoder.u16(id)
        encoder.u32(clientIndex)
        encoder.u32(context)
        try fields(&encoder)
        return encoder.bytes
    }

    /// `request` as bytes.
    public static func encode<Request: VPPRequest>(_ request: Request, id: UInt16, clientIndex: UInt32, context: UInt32)
        throws(VPPAPIError) -> [UInt8]
    {
        try self.request(id: id, clientIndex: clientIndex, context: context) { (encoder) throws(VPPAPIError) in
            try request.encodeFields(&encoder)
        }
    }

    /// A dump request as bytes.
    public static func encode<Request: VPPDumpRequest>(_ request: Request, id: UInt16, clientIndex: UInt32, context: UInt32)
        throws(VPPAPIError) -> [UInt8]
    {
        try self.request(id: id, clientIndex: clientIndex, context: context) { (encoder) throws(VPPAPIError) in
            try request.encodeFields(&encoder)
        }
    }

    /// An answer's fields, after its `_vl_msg_id` and `context`.
    public static func reply<Reply: VPPReply>(_ bytes: [UInt8]) throws(VPPAPIError) -> Reply {
        var decoder = VPPDecoder(bytes, offset: 6, messageName: Reply.name)
        return try Reply(fields: &decoder)
    }
}
