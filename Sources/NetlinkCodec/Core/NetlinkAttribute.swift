/// A typed family of attribute numbers (`IFLA_*`, `IFA_*`, `RTA_*`, ...).
///
/// Each family is its own type, so a link attribute cannot be written where a route attribute is
/// expected; the writer and reader accept any family.
public protocol NetlinkAttributeType: RawRepresentable, Hashable, Sendable where RawValue == UInt16 {}

/// One attribute (`struct nlattr` and its payload), as read from the kernel or kept to be written
/// back unchanged.
///
/// ```
///  0       2       4
///  +-------+-------+---------------------+-----------+
///  | len   | type  | payload             | pad to 4  |
///  +-------+-------+---------------------+-----------+
/// ```
/// `len` counts the 4-byte header and the payload, not the padding. The top two bits of `type`
/// are flags (`NLA_F_NESTED`, `NLA_F_NET_BYTEORDER`); ``type`` holds the number without them.
public struct NetlinkAttribute: Hashable, Sendable, CustomStringConvertible {
    /// `NLA_F_NESTED`.
    public static let nestedFlag: UInt16 = 0x8000
    /// `NLA_F_NET_BYTEORDER`.
    public static let networkByteOrderFlag: UInt16 = 0x4000

    /// The attribute number, without the flag bits.
    public var type: UInt16
    /// The flag bits as they were on the wire (`NLA_F_NESTED`, `NLA_F_NET_BYTEORDER`).
    public var flags: UInt16
    /// The payload, without header or padding, as a slice of the message it arrived in: parsing
    /// a reply copies nothing (a link message has dozens of attributes, most never read).
    public var payloadBytes: ArraySlice<UInt8>

    /// The payload, without header or padding (a copy of ``payloadBytes``).
    public var payload: [UInt8] {
        get { Array(payloadBytes) }
        set { payloadBytes = newValue[...] }
    }

    /// Creates an attribute.
    public init(type: UInt16, flags: UInt16 = 0, payload: [UInt8]) {
        self.init(type: type, flags: flags, payloadBytes: payload[...])
    }

    /// Creates an attribute whose payload is a slice of a larger buffer.
    public init(type: UInt16, flags: UInt16 = 0, payloadBytes: ArraySlice<UInt8>) {
        self.type = type & 0x3FFF
        self.flags = flags & 0xC000
        self.payloadBytes = payloadBytes
    }

    /// Whether the payload is a list of attributes marked with `NLA_F_NESTED`.
    public var isNested: Bool { flags & Self.nestedFlag != 0 }

    /// The payload as a single byte.
    public func uint8() throws(NetlinkDecodingError) -> UInt8 { try fixed(UInt8.self) }
    /// The payload as a host-order 16-bit integer.
    public func uint16() throws(NetlinkDecodingError) -> UInt16 { try fixed(UInt16.self) }
    /// The payload as a host-order 32-bit integer.
    public func uint32() throws(NetlinkDecodingError) -> UInt32 { try fixed(UInt32.self) }
    /// The payload as a host-order 64-bit integer.
    public func uint64() throws(NetlinkDecodingError) -> UInt64 { try fixed(UInt64.self) }
    /// The payload as a host-order signed 32-bit integer.
    public func int32() throws(NetlinkDecodingError) -> Int32 { try fixed(Int32.self) }

    /// The payload as a network-order 16-bit integer (VLAN protocols, ports).
    public func bigEndianUInt16() throws(NetlinkDecodingError) -> UInt16 {
        guard payloadBytes.count == 2, let value = payloadBytes.loadBigEndian(UInt16.self) else {
            throw .truncated("attribute \(type)", need: 2, have: payloadBytes.count)
        }
        return value
    }

    /// The payload as a string, without the terminating NUL the kernel usually sends.
    public func string() -> String {
        let end = payloadBytes.firstIndex(of: 0) ?? payloadBytes.endIndex
        return String(decoding: payloadBytes[..<end], as: UTF8.self)
    }

    /// The payload parsed as nested attributes.
    public func nested() throws(NetlinkDecodingError) -> NetlinkAttributeList {
        try NetlinkAttributeList(parsing: payloadBytes)
    }

    /// Reads a fixed-size integer; a payload of any other size is malformed. (Some integers are
    /// padded by older kernels, so a longer payload is read from its start.)
    private func fixed<T: FixedWidthInteger>(_: T.Type) throws(NetlinkDecodingError) -> T {
        guard let value = payloadBytes.loadLittleEndian(T.self) else {
            throw .truncated("attribute \(type)", need: T.bitWidth / 8, have: payloadBytes.count)
        }
        return value
    }

    public var description: String { "attribute \(type) (\(payloadBytes.count) bytes)" }
}

/// A parsed list of attributes, in wire order, with lookup by type.
///
/// Lookups are linear: attribute lists are short, and keeping wire order lets unknown attributes
/// be written back exactly as they came.
public struct NetlinkAttributeList: Hashable, Sendable, RandomAccessCollection {
    /// The attributes, in the order they appeared.
    public var attributes: [NetlinkAttribute]

    /// Creates a list.
    public init(_ attributes: [NetlinkAttribute] = []) { self.attributes = attributes }

    /// Parses attributes filling `bytes` exactly (a trailing partial header is malformed).
    public init(parsing bytes: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        var result: [NetlinkAttribute] = []
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let remaining = bytes.endIndex - offset
            guard remaining >= 4, let length = bytes.loadLittleEndian(UInt16.self, at: offset - bytes.startIndex),
                  let rawType = bytes.loadLittleEndian(UInt16.self, at: offset - bytes.startIndex + 2)
            else {
                // Some kernels pad the end of a message with fewer than four zero bytes.
                if bytes[offset...].allSatisfy({ $0 == 0 }) { break }
                throw .truncated("nlattr", need: 4, have: remaining)
            }
            guard length >= 4, Int(length) <= remaining else {
                throw NetlinkDecodingError("attribute \(rawType & 0x3FFF)", "length \(length) with \(remaining) bytes left")
            }
            result.append(NetlinkAttribute(
                type: rawType, flags: rawType, payloadBytes: bytes[(offset + 4)..<(offset + Int(length))]))
            offset += Swift.min(netlinkAligned(Int(length)), remaining)
        }
        attributes = result
    }

    public var startIndex: Int { attributes.startIndex }
    public var endIndex: Int { attributes.endIndex }
    public subscript(position: Int) -> NetlinkAttribute { attributes[position] }

    /// The first attribute of a type, if any.
    public func first<T: NetlinkAttributeType>(_ type: T) -> NetlinkAttribute? {
        attributes.first { $0.type == type.rawValue }
    }

    /// The first attribute with a raw type number, if any.
    public func first(rawType: UInt16) -> NetlinkAttribute? {
        attributes.first { $0.type == rawType }
    }

    /// Every attribute of a type, in order (for types that repeat, such as multipath hops).
    public func all<T: NetlinkAttributeType>(_ type: T) -> [NetlinkAttribute] {
        attributes.filter { $0.type == type.rawValue }
    }

    /// Appends an attribute.
    public mutating func append(_ attribute: NetlinkAttribute) { attributes.append(attribute) }
}
