import NetAddress
import NetlinkCodec
import TestSupport
import Testing

/// The wire core: header, attribute writer and reader, message splitting, acknowledgements.
@Suite struct NetlinkCoreTests {
    @Test func headerRoundTrip() throws {
        let header = NetlinkHeader(length: 36, type: .newLink, flags: [.request, .acknowledge, .dump], sequence: 0x0102_0304, portID: 77)
        var bytes: [UInt8] = []
        header.encode(into: &bytes)
        #expect(NetlinkHex.string(bytes) == NetlinkGolden.expected("24000000 1000 0503 04030201 4d000000"))
        #expect(try NetlinkHeader(decoding: bytes) == header)
        #expect(throws: NetlinkDecodingError.self) { try NetlinkHeader(decoding: bytes.prefix(15)) }
    }

    @Test func writerComputesLengthsPaddingAndNesting() {
        struct Type: NetlinkAttributeType {
            var rawValue: UInt16
            init(rawValue: UInt16) { self.rawValue = rawValue }
        }
        var writer = AttributeWriter()
        writer.write(UInt8(7))
        writer.writeZeros(3)
        writer.attribute(Type(rawValue: 1), UInt8(0xAA))  // 5 bytes, padded to 8
        writer.attribute(Type(rawValue: 2), "ab")  // "ab\0": 7, padded to 8
        writer.nested(Type(rawValue: 3), flags: NetlinkAttribute.nestedFlag) { nested in
            nested.attribute(Type(rawValue: 4), UInt16(0x0102))
            nested.nested(Type(rawValue: 5)) { inner in inner.attribute(Type(rawValue: 6), BigEndian(UInt16(0x8100))) }
            nested.flag(Type(rawValue: 7))
        }
        writer.attribute(Type(rawValue: 8), UnterminatedString("xyz"))
        #expect(NetlinkHex.string(writer.bytes) == NetlinkGolden.expected("""
            07 000000
            0500 0100 aa 000000
            0700 0200 616200 00
            1c00 0380                   # nested, NLA_F_NESTED: 4 + 8 + 12 + 4 = 28
              0600 0400 0201 0000
              0c00 0500 0600 0600 8100 0000   # inner nest with a network-order value
              0400 0700                 # flag attribute, no payload
            0700 0800 78797a 00
            """))
        let message = AttributeWriter.message(type: .getLink, flags: [.request, .dump], sequence: 9) { $0.write(UInt8(1)) }
        #expect(NetlinkHex.string(message) == "14000000120001030900000000000000" + "01000000")
    }

    @Test func readerParsesAndRejectsMalformedAttributes() throws {
        let list = try NetlinkAttributeList(parsing: NetlinkHex.bytes("""
            0500 0100 aa 000000
            0800 0280 0400 0900            # nested flag kept apart from the type
            0600 0300 3412 0000
            """)[...])
        #expect(list.count == 3)
        #expect(try list.first(rawType: 1)?.uint8() == 0xAA)
        #expect(list[1].type == 2 && list[1].isNested && list[1].flags == NetlinkAttribute.nestedFlag)
        #expect(try list[1].nested().first(rawType: 9)?.payload == [])
        #expect(try list.first(rawType: 3)?.uint16() == 0x1234)
        #expect(throws: NetlinkDecodingError.self) { try list.first(rawType: 3)?.uint32() }
        // A length running past the buffer, and a length below the header size.
        #expect(throws: NetlinkDecodingError.self) { try NetlinkAttributeList(parsing: NetlinkHex.bytes("0900 0100 aabb")[...]) }
        #expect(throws: NetlinkDecodingError.self) { try NetlinkAttributeList(parsing: NetlinkHex.bytes("0200 0100")[...]) }
        // Trailing zero padding shorter than a header is tolerated.
        #expect(try NetlinkAttributeList(parsing: NetlinkHex.bytes("0400 0100 0000")[...]).count == 1)
        // Address payloads.
        let v6 = NetlinkAttribute(type: 1, payload: IPAddress("fd00::1")!.bytes)
        #expect(try v6.ipAddress() == IPAddress("fd00::1"))
        #expect(throws: NetlinkDecodingError.self) { try NetlinkAttribute(type: 1, payload: [1, 2, 3]).ipAddress() }
    }

    @Test func splittingDatagrams() throws {
        let two = NetlinkHex.bytes("""
            14000000 0300 0200 01000000 00000000 00000000
            11000000 0100 0000 02000000 00000000 ff 000000   # a 17-byte message, padded
            """)
        let messages = try NetlinkMessage.split(two[...])
        #expect(messages.map(\.header.type) == [.done, .noop])
        #expect(messages[1].payload.count == 1)
        #expect(throws: NetlinkDecodingError.self) { try NetlinkMessage.split(NetlinkHex.bytes("20000000 0300 0200 01000000 00000000")[...]) }
        #expect(throws: NetlinkDecodingError.self) { try NetlinkMessage.split(NetlinkHex.bytes("14000000 0300")[...]) }
    }

    @Test func acknowledgements() throws {
        // Capped error with extended ack: -EEXIST, our header, then NLMSGERR_ATTR_MSG and _OFFS.
        var payload: [UInt8] = []
        payload.appendLE(Int32(-17))
        NetlinkHeader(length: 32, type: .newLink, flags: [.request, .acknowledge], sequence: 5).encode(into: &payload)
        var writer = AttributeWriter()
        writer.attribute(NetlinkAcknowledgement.AttributeType.message, "Link already exists")
        writer.attribute(NetlinkAcknowledgement.AttributeType.offset, UInt32(20))
        payload += writer.bytes
        let ack = try NetlinkAcknowledgement(decodingError: payload[...], flags: [.capped, .acknowledgementAttributes])
        #expect(ack.error == -17 && ack.request?.sequence == 5)
        #expect(ack.message == "Link already exists" && ack.offendingOffset == 20)

        // Uncapped: the whole request is echoed before the attributes.
        var echoed: [UInt8] = []
        echoed.appendLE(Int32(-22))
        NetlinkHeader(length: 20, type: .newLink, flags: [.request], sequence: 6).encode(into: &echoed)
        echoed += [1, 2, 3, 4]
        echoed += writer.bytes
        let full = try NetlinkAcknowledgement(decodingError: echoed[...], flags: [.acknowledgementAttributes])
        #expect(full.error == -22 && full.message == "Link already exists")

        let success = try NetlinkAcknowledgement(decodingError: NetlinkHex.bytes("00000000 10000000 1200 0500 07000000 00000000")[...], flags: [.capped])
        #expect(success.error == 0 && success.request?.type == .getLink)
        let done = try NetlinkAcknowledgement(decodingDone: NetlinkHex.bytes("fbffffff")[...], flags: [])
        #expect(done.error == -5)
    }
}

extension Array where Element == UInt8 {
    /// Appends a little-endian integer (test helper).
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: 0, to: T.bitWidth, by: 8) { append(UInt8(truncatingIfNeeded: value >> shift)) }
    }
}
