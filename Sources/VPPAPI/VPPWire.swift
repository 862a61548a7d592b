/// Writes the fields of a VPP API message: packed, big-endian, as VPP's `.api` definitions lay
/// them out (no padding; strings with a size are NUL-padded to it, strings without one carry a
/// `u32` length; arrays carry their count in an earlier field).
public struct VPPEncoder: Sendable {
    /// The bytes so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func u8(_ value: UInt8) { bytes.append(value) }
    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    public mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xff)] }
    public mutating func u32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }
    public mutating func i32(_ value: Int32) { u32(UInt32(bitPattern: value)) }

    /// Raw bytes of a fixed-size array (`u8 mac[6]`), zero-padded to `count`.
    public mutating func fixedBytes(_ value: [UInt8], count: Int) {
        bytes += value.prefix(count)
        if value.count < count { bytes += [UInt8](repeating: 0, count: count - value.count) }
    }

    /// `string name[size]`: at most `size - 1` bytes (VPP keeps a terminating NUL), NUL-padded.
    public mutating func fixedString(_ value: String, size: Int, field: String) throws(VPPAPIError) {
        let utf8 = Array(value.utf8)
        guard utf8.count < size else {
            throw VPPAPIError(.invalidArgument, "\(field) \"\(value)\": \(utf8.count) bytes, at most \(size - 1) fit")
        }
        fixedBytes(utf8, count: size)
    }

    /// `string name[]`: a `u32` length, then the bytes (no NUL).
    public mutating func variableString(_ value: String) {
        let utf8 = Array(value.utf8)
        u32(UInt32(utf8.count))
        bytes += utf8
    }
}

/// Reads the fields of a VPP API message in order; reading past the end is a protocol error
/// naming the message.
public struct VPPDecoder: Sendable {
    private let bytes: [UInt8]
    /// Where the next field starts.
    public private(set) var offset: Int
    /// The message being decoded, for errors.
    public let messageName: String

    public init(_ bytes: [UInt8], offset: Int = 0, messageName: String) {
        self.bytes = bytes
        self.offset = offset
        self.messageName = messageName
    }

    /// Bytes not read yet.
    public var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int) throws(VPPAPIError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else {
            throw VPPAPIError(.protocolViolation, "\(messageName): message ends at byte \(bytes.count), " +
                              "a field needs \(count) bytes from \(offset)")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    public mutating func u8() throws(VPPAPIError) -> UInt8 { try take(1).first! }
    public mutating func bool() throws(VPPAPIError) -> Bool { try u8() != 0 }
    public mutating func u16() throws(VPPAPIError) -> UInt16 {
        let field = try take(2)
        return UInt16(field[field.startIndex]) << 8 | UInt16(field[field.startIndex + 1])
    }
    public mutating func u32() throws(VPPAPIError) -> UInt32 {
        try take(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
    public mutating func i32() throws(VPPAPIError) -> Int32 { Int32(bitPattern: try u32()) }
    public mutating func fixedBytes(_ count: Int) throws(VPPAPIError) -> [UInt8] { Array(try take(count)) }

    /// `string name[size]`: up to the first NUL.
    public mutating func fixedString(size: Int) throws(VPPAPIError) -> String {
        let field = try take(size)
        return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// `string name[]`: a `u32` length, then the bytes.
    public mutating func variableString() throws(VPPAPIError) -> String {
        let count = try u32()
        return String(decoding: try take(Int(count)), as: UTF8.self)
    }

    /// Skips `count` bytes (fields we do not use).
    public mutating func skip(_ count: Int) throws(VPPAPIError) { _ = try take(count) }
}
