/// One message received from the kernel: its header and the bytes after it.
public struct NetlinkMessage: Hashable, Sendable {
    /// The header.
    public var header: NetlinkHeader
    /// The bytes after the header (up to `nlmsg_len`, without padding).
    public var payload: ArraySlice<UInt8>

    /// Creates a message.
    public init(header: NetlinkHeader, payload: ArraySlice<UInt8>) {
        self.header = header
        self.payload = payload
    }

    /// Splits a datagram into the messages it holds (a reply may pack several).
    public static func split(_ datagram: ArraySlice<UInt8>) throws(NetlinkDecodingError) -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        var offset = datagram.startIndex
        while datagram.endIndex - offset >= NetlinkHeader.size {
            let header = try NetlinkHeader(decoding: datagram[offset...])
            let length = Int(header.length)
            guard length >= NetlinkHeader.size, length <= datagram.endIndex - offset else {
                throw NetlinkDecodingError(
                    "nlmsghdr", "length \(length) with \(datagram.endIndex - offset) bytes in the datagram")
            }
            messages.append(NetlinkMessage(header: header, payload: datagram[(offset + NetlinkHeader.size)..<(offset + length)]))
            offset += min(netlinkAligned(length), datagram.endIndex - offset)
        }
        guard offset == datagram.endIndex else {
            throw .truncated("nlmsghdr", need: NetlinkHeader.size, have: datagram.endIndex - offset)
        }
        return messages
    }

    /// Decodes the payload as a message body of the given type.
    public func body<Body: NetlinkMessageBody>(as _: Body.Type = Body.self) throws(NetlinkDecodingError) -> Body {
        try Body(decoding: payload)
    }
}

/// The payload of `NLMSG_ERROR` (`struct nlmsgerr`) and, for dumps, of `NLMSG_DONE`: the result of a
/// request, 0 for success, with the kernel's extended acknowledgement when it gave one.
///
/// ```
///  +---------------+-------------------------------+--------------------------+
///  | error (s32)   | the request's nlmsghdr        | request payload unless   |
///  | 0 or -errno   | (16 bytes)                    | capped; then TLVs        |
///  +---------------+-------------------------------+--------------------------+
/// ```
public struct NetlinkAcknowledgement: Hashable, Sendable {
    /// Extended acknowledgement attribute numbers (`NLMSGERR_ATTR_*`).
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `NLMSGERR_ATTR_MSG`: a human-readable message.
        public static let message = Self(rawValue: 1)
        /// `NLMSGERR_ATTR_OFFS`: the offset of the offending attribute in the request.
        public static let offset = Self(rawValue: 2)
        /// `NLMSGERR_ATTR_COOKIE`.
        public static let cookie = Self(rawValue: 3)
        /// `NLMSGERR_ATTR_POLICY`.
        public static let policy = Self(rawValue: 4)
        /// `NLMSGERR_ATTR_MISS_TYPE`: the type of a missing required attribute.
        public static let missingType = Self(rawValue: 5)
        /// `NLMSGERR_ATTR_MISS_NEST`: the nest the missing attribute belongs in.
        public static let missingNest = Self(rawValue: 6)
    }

    /// 0 for success, otherwise a negative `errno`.
    public var error: Int32
    /// The header of the request this answers (absent in `NLMSG_DONE`).
    public var request: NetlinkHeader?
    /// The extended acknowledgement message, if the kernel sent one.
    public var message: String?
    /// The byte offset of the offending attribute within the request, if given.
    public var offendingOffset: UInt32?
    /// Any other extended acknowledgement attributes.
    public var otherAttributes: NetlinkAttributeList

    /// Creates an acknowledgement.
    public init(
        error: Int32, request: NetlinkHeader? = nil, message: String? = nil, offendingOffset: UInt32? = nil,
        otherAttributes: NetlinkAttributeList = NetlinkAttributeList()
    ) {
        self.error = error
        self.request = request
        self.message = message
        self.offendingOffset = offendingOffset
        self.otherAttributes = otherAttributes
    }

    /// Decodes an `NLMSG_ERROR` payload; `flags` are the message's flags, which say whether the
    /// request was echoed in full and whether attributes follow.
    public init(decodingError payload: ArraySlice<UInt8>, flags: NetlinkMessageFlags) throws(NetlinkDecodingError) {
        guard let error = payload.loadLittleEndian(Int32.self) else {
            throw .truncated("nlmsgerr", need: 4, have: payload.count)
        }
        let request = try NetlinkHeader(decoding: payload.dropFirst(4))
        var attributesStart = payload.startIndex + 4 + NetlinkHeader.size
        // Without NLM_F_CAPPED the whole request follows its header (errors only; a success ack
        // always carries the header alone).
        if !flags.contains(.capped) && error != 0 {
            attributesStart = payload.startIndex + 4 + Int(request.length)
        }
        self.init(error: error, request: request)
        if flags.contains(.acknowledgementAttributes), attributesStart < payload.endIndex {
            try readAttributes(payload[attributesStart...])
        }
    }

    /// Decodes an `NLMSG_DONE` payload: an error code, then extended acknowledgement attributes.
    public init(decodingDone payload: ArraySlice<UInt8>, flags: NetlinkMessageFlags) throws(NetlinkDecodingError) {
        self.init(error: payload.loadLittleEndian(Int32.self) ?? 0)
        if flags.contains(.acknowledgementAttributes), payload.count > 4 {
            try readAttributes(payload.dropFirst(4))
        }
    }

    private mutating func readAttributes(_ bytes: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        for attribute in try NetlinkAttributeList(parsing: bytes) {
            switch attribute.type {
            case AttributeType.message.rawValue: message = attribute.string()
            case AttributeType.offset.rawValue: offendingOffset = try attribute.uint32()
            default: otherAttributes.append(attribute)
            }
        }
    }
}
