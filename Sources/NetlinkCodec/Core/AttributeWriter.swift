/// A value that can be an attribute's payload.
public protocol NetlinkAttributeValue {
    /// Appends the payload bytes (without header or padding).
    func appendPayload(to bytes: inout [UInt8])
}

extension UInt8: NetlinkAttributeValue {
    public func appendPayload(to bytes: inout [UInt8]) { bytes.append(self) }
}
extension UInt16: NetlinkAttributeValue {
    public func appendPayload(to bytes: inout [UInt8]) { bytes.appendLittleEndian(self) }
}
extension UInt32: NetlinkAttributeValue {
    public func appendPayload(to bytes: inout [UInt8]) { bytes.appendLittleEndian(self) }
}
extension UInt64: NetlinkAttributeValue {
    public func appendPayload(to bytes: inout [UInt8]) { bytes.appendLittleEndian(self) }
}
extension Int32: NetlinkAttributeValue {
    public func appendPayload(to bytes: inout [UInt8]) { bytes.appendLittleEndian(self) }
}
extension Array: NetlinkAttributeValue where Element == UInt8 {
    public func appendPayload(to bytes: inout [UInt8]) { bytes.append(contentsOf: self) }
}
extension String: NetlinkAttributeValue {
    /// A string attribute is sent NUL-terminated, as iproute2 sends names.
    public func appendPayload(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: utf8)
        bytes.append(0)
    }
}

/// An integer the kernel expects in network byte order (`__be16` VLAN protocol, ports).
public struct BigEndian<Value: FixedWidthInteger & Sendable>: NetlinkAttributeValue, Sendable {
    /// The value, in host terms.
    public var value: Value
    /// Wraps a value.
    public init(_ value: Value) { self.value = value }
    public func appendPayload(to bytes: inout [UInt8]) { bytes.appendBigEndian(value) }
}

/// A string sent without a terminating NUL (`IFLA_IFALIAS`, as iproute2 sends it).
public struct UnterminatedString: NetlinkAttributeValue, Sendable {
    /// The text.
    public var text: String
    /// Wraps a string.
    public init(_ text: String) { self.text = text }
    public func appendPayload(to bytes: inout [UInt8]) { bytes.append(contentsOf: text.utf8) }
}

/// Builds a netlink message from the top down: fixed structures, then attributes, with every
/// length and padding computed here rather than by hand.
///
/// Nesting is a closure: ``nested(_:flags:_:)`` writes a header, lets the closure write the
/// children, then patches the header's length, so a nest can hold any number of levels.
public struct AttributeWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Fixed structures

    /// Appends one byte of a fixed structure.
    public mutating func write(_ value: UInt8) { bytes.append(value) }
    /// Appends a host-order 16-bit field of a fixed structure.
    public mutating func write(_ value: UInt16) { bytes.appendLittleEndian(value) }
    /// Appends a host-order 32-bit field of a fixed structure.
    public mutating func write(_ value: UInt32) { bytes.appendLittleEndian(value) }
    /// Appends a host-order signed 32-bit field of a fixed structure.
    public mutating func write(_ value: Int32) { bytes.appendLittleEndian(value) }
    /// Appends a host-order signed 16-bit field of a fixed structure.
    public mutating func write(_ value: Int16) { bytes.appendLittleEndian(value) }
    /// Appends a host-order 64-bit field of a fixed structure.
    public mutating func write(_ value: UInt64) { bytes.appendLittleEndian(value) }
    /// Appends a network-order 16-bit field of a fixed structure.
    public mutating func write(bigEndian value: UInt16) { bytes.appendBigEndian(value) }
    /// Appends a network-order 32-bit field of a fixed structure.
    public mutating func write(bigEndian value: UInt32) { bytes.appendBigEndian(value) }
    /// Appends raw bytes of a fixed structure.
    public mutating func write(bytes raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }
    /// Appends `count` zero bytes (reserved or padding fields).
    public mutating func writeZeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

    // MARK: Attributes

    /// Appends an attribute with a typed number.
    public mutating func attribute<T: NetlinkAttributeType>(
        _ type: T, _ value: some NetlinkAttributeValue, flags: UInt16 = 0
    ) {
        attribute(rawType: type.rawValue, value, flags: flags)
    }

    /// Appends an attribute with a raw number (for lists numbered by position, such as tc actions).
    public mutating func attribute(rawType: UInt16, _ value: some NetlinkAttributeValue, flags: UInt16 = 0) {
        let start = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
        value.appendPayload(to: &bytes)
        finish(start: start, type: rawType | flags)
    }

    /// Appends an attribute with no payload (a flag attribute).
    public mutating func flag<T: NetlinkAttributeType>(_ type: T) {
        attribute(type, [UInt8]())
    }

    /// Appends an attribute kept from a parsed message, unchanged.
    public mutating func attribute(_ attribute: NetlinkAttribute) {
        self.attribute(rawType: attribute.type, attribute.payload, flags: attribute.flags)
    }

    /// Appends a nested attribute whose children `body` writes.
    public mutating func nested<T: NetlinkAttributeType>(
        _ type: T, flags: UInt16 = 0, _ body: (inout AttributeWriter) throws -> Void
    ) rethrows {
        try nested(rawType: type.rawValue, flags: flags, body)
    }

    /// Appends a nested attribute with a raw number.
    public mutating func nested(
        rawType: UInt16, flags: UInt16 = 0, _ body: (inout AttributeWriter) throws -> Void
    ) rethrows {
        let start = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
        try body(&self)
        finish(start: start, type: rawType | flags)
    }

    /// Writes the header of the attribute that began at `start` and pads it.
    private mutating func finish(start: Int, type: UInt16) {
        let length = bytes.count - start
        precondition(length <= Int(UInt16.max), "netlink attribute longer than 65535 bytes")
        bytes.storeLittleEndian(UInt16(length), at: start)
        bytes.storeLittleEndian(type, at: start + 2)
        bytes.padToAlignment()
    }

    // MARK: Messages

    /// Encodes a complete message: header, then whatever `body` writes, with `nlmsg_len` filled in.
    public static func message(
        type: NetlinkMessageType, flags: NetlinkMessageFlags, sequence: UInt32 = 0, portID: UInt32 = 0,
        capacity: Int = 256, _ body: (inout AttributeWriter) throws -> Void
    ) rethrows -> [UInt8] {
        var writer = AttributeWriter(capacity: capacity)
        NetlinkHeader(type: type, flags: flags, sequence: sequence, portID: portID).encode(into: &writer.bytes)
        try body(&writer)
        writer.bytes.padToAlignment()
        writer.bytes.storeLittleEndian(UInt32(writer.bytes.count), at: 0)
        return writer.bytes
    }
}

/// A message body (the fixed structure and attributes after `nlmsghdr`) that can be written and
/// read back. Every rtnetlink message type conforms.
public protocol NetlinkMessageBody: Sendable {
    /// Writes the fixed structure and the attributes.
    func encode(into writer: inout AttributeWriter)
    /// Decodes the bytes after the netlink header.
    init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError)
}

extension NetlinkMessageBody {
    /// Encodes the body into a complete message.
    public func message(
        type: NetlinkMessageType, flags: NetlinkMessageFlags, sequence: UInt32 = 0, portID: UInt32 = 0
    ) -> [UInt8] {
        AttributeWriter.message(type: type, flags: flags, sequence: sequence, portID: portID) { encode(into: &$0) }
    }

    /// The body alone, encoded (for golden-byte tests and nested messages such as a veth peer).
    public var encodedBody: [UInt8] {
        var writer = AttributeWriter()
        encode(into: &writer)
        return writer.bytes
    }
}
