/// The type of a netlink message (`nlmsg_type`): the four control types every family shares, and
/// the family's own request and reply types (`RTM_*` for rtnetlink, defined alongside each message).
public struct NetlinkMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// Creates a type from its number.
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// `NLMSG_NOOP`: to be ignored.
    public static let noop = Self(1)
    /// `NLMSG_ERROR`: an error, or with error 0 an acknowledgement.
    public static let error = Self(2)
    /// `NLMSG_DONE`: the end of a multi-part dump.
    public static let done = Self(3)
    /// `NLMSG_OVERRUN`: data was lost.
    public static let overrun = Self(4)

    public var description: String { "message type \(rawValue)" }
}

/// The flags of a netlink message (`nlmsg_flags`). Bits 8 to 11 mean different things for get,
/// new and acknowledgement messages, so several names share a value, as in `<linux/netlink.h>`.
public struct NetlinkMessageFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `NLM_F_REQUEST`: a request (every message we send).
    public static let request = Self(rawValue: 0x01)
    /// `NLM_F_MULTI`: part of a multi-part reply, ended by `NLMSG_DONE`.
    public static let multi = Self(rawValue: 0x02)
    /// `NLM_F_ACK`: reply with an acknowledgement, so success is confirmed, not assumed.
    public static let acknowledge = Self(rawValue: 0x04)
    /// `NLM_F_ECHO`: echo the request.
    public static let echo = Self(rawValue: 0x08)
    /// `NLM_F_DUMP_INTR`: the dump was inconsistent because the data changed while it ran.
    public static let dumpInterrupted = Self(rawValue: 0x10)
    /// `NLM_F_DUMP_FILTERED`: the kernel filtered the dump as the request asked.
    public static let dumpFiltered = Self(rawValue: 0x20)

    // Get requests.
    /// `NLM_F_ROOT`: return the whole table.
    public static let root = Self(rawValue: 0x100)
    /// `NLM_F_MATCH`: return all matching entries.
    public static let match = Self(rawValue: 0x200)
    /// `NLM_F_DUMP` (`ROOT | MATCH`).
    public static let dump: Self = [.root, .match]

    // New requests.
    /// `NLM_F_REPLACE`: replace an existing object.
    public static let replace = Self(rawValue: 0x100)
    /// `NLM_F_EXCL`: fail if the object exists.
    public static let exclusive = Self(rawValue: 0x200)
    /// `NLM_F_CREATE`: create the object if it does not exist.
    public static let create = Self(rawValue: 0x400)
    /// `NLM_F_APPEND`: add to the end of the list.
    public static let append = Self(rawValue: 0x800)

    // Acknowledgements.
    /// `NLM_F_CAPPED`: the acknowledgement carries only the header of our request.
    public static let capped = Self(rawValue: 0x100)
    /// `NLM_F_ACK_TLVS`: extended acknowledgement attributes follow.
    public static let acknowledgementAttributes = Self(rawValue: 0x200)
}

/// The 16-byte header in front of every netlink message (`struct nlmsghdr`).
///
/// ```
///  0               4       6       8               12              16
///  +---------------+-------+-------+---------------+---------------+
///  | nlmsg_len     | type  | flags | nlmsg_seq     | nlmsg_pid     |
///  +---------------+-------+-------+---------------+---------------+
/// ```
/// All fields are in host byte order. `nlmsg_len` counts the header and the payload.
public struct NetlinkHeader: Hashable, Sendable {
    /// The size of the encoded header.
    public static let size = 16

    /// The length of the whole message, header included.
    public var length: UInt32
    /// The message type.
    public var type: NetlinkMessageType
    /// The flags.
    public var flags: NetlinkMessageFlags
    /// The sequence number, echoed by the kernel in its replies.
    public var sequence: UInt32
    /// The sender's port ID: 0 for the kernel, the socket's ID in replies to it.
    public var portID: UInt32

    /// Creates a header.
    public init(
        length: UInt32 = 0, type: NetlinkMessageType, flags: NetlinkMessageFlags, sequence: UInt32 = 0,
        portID: UInt32 = 0
    ) {
        self.length = length
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
    }

    /// Decodes a header from the first 16 bytes of `bytes`.
    public init(decoding bytes: some Collection<UInt8>) throws(NetlinkDecodingError) {
        let bytes = Array(bytes.prefix(Self.size))
        guard bytes.count == Self.size, let length = bytes.loadLittleEndian(UInt32.self),
              let type = bytes.loadLittleEndian(UInt16.self, at: 4),
              let flags = bytes.loadLittleEndian(UInt16.self, at: 6),
              let sequence = bytes.loadLittleEndian(UInt32.self, at: 8),
              let portID = bytes.loadLittleEndian(UInt32.self, at: 12)
        else { throw .truncated("nlmsghdr", need: Self.size, have: bytes.count) }
        self.init(
            length: length, type: NetlinkMessageType(type), flags: NetlinkMessageFlags(rawValue: flags),
            sequence: sequence, portID: portID)
    }

    /// Appends the 16 encoded bytes.
    public func encode(into bytes: inout [UInt8]) {
        bytes.appendLittleEndian(length)
        bytes.appendLittleEndian(type.rawValue)
        bytes.appendLittleEndian(flags.rawValue)
        bytes.appendLittleEndian(sequence)
        bytes.appendLittleEndian(portID)
    }
}
