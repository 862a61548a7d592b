import NetAddress
import Testing
import VPPAPI

/// Messages to bytes and back, checked against layouts worked out by hand from VPP's
/// `.api.json` definitions (VPP b575ec2c56d; the VPP tier checks them against a live VPP).
@Suite struct VPPCodecTests {
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    /// Hex with `zN` for N zero bytes (captured messages are mostly padding).
    static func captured(_ text: String) -> [UInt8] {
        text.split(separator: " ").flatMap { part in
            part.hasPrefix("z") ? [UInt8](repeating: 0, count: Int(part.dropFirst())!) : hex(String(part))
        }
    }

    /// Answers VPP b575ec2c56d sent to our client (captured with strace, frame headers removed).
    @Test func answersCapturedFromARealVPPDecode() throws {
        let version: ShowVersionReply = try VPPCodec.reply(Self.captured(
            "0342 00000001 00000000 767065 z29 32362e31302d7263307e3337342d676235373565633263353664 z6 " +
            "323032362d31322d30325431343a34343a3232 z269"))
        #expect(version.retval == 0 && version.program == "vpe" && version.version == "26.10-rc0~374-gb575ec2c56d")
        #expect(version.buildDate == "2026-12-02T14:44:22" && version.buildDirectory.isEmpty)
        let local0: SwInterfaceDetails = try VPPCodec.reply(Self.captured(
            "009a 00000002 z97 6c6f63616c30 z58 6c6f63616c z123"))
        #expect(local0.swIfIndex == 0 && local0.interfaceName == "local0" && local0.deviceType == "local")
        #expect(local0.tag.isEmpty && !local0.isAdminUp)
        let ping: ControlPingReply = try VPPCodec.reply(Self.hex("0018 00000002 00000000 80000001 00006bf6"))
        #expect(ping.retval == 0 && ping.clientIndex == 0x8000_0001 && ping.vppPID == 0x6bf6)
    }

    /// The request our client sent in that exchange, as VPP took it (`show_version` had ID 0x341).
    @Test func aRequestsHeaderIsItsIDOurClientIndexAndTheContext() throws {
        #expect(try VPPCodec.encode(ShowVersion(), id: 0x341, clientIndex: 0x8000_0001, context: 1)
            == Self.hex("0341 80000001 00000001"))
    }

    @Test func aFrameIsSixteenBytesOfHeaderWithTheLengthInTheMiddle() {
        #expect(VPPFrame.framed([0xaa, 0xbb, 0xcc]) == Self.hex("0000000000000000 00000003 00000000 aabbcc"))
        #expect(VPPFrame.announcedLength(Self.hex("0000000000000000 00000103 00000000")[...]) == 259)
        #expect(VPPFrame.announcedLength(Self.hex("0000000000000000 000001")[...]) == nil)
    }

    @Test func memifCreateV2IsPackedBigEndianWithItsFixedSizeSecret() throws {
        var settings = MemifSettings(role: .client, mode: .ip, socketID: 3)
        settings.id = 0x0102_0304
        settings.ringSize = 2048
        settings.bufferSize = 4096
        settings.macAddress = [2, 0, 0, 0, 0, 1]
        settings.secret = "s3"
        let bytes = try VPPCodec.encode(MemifCreateV2(settings), id: 0x0203, clientIndex: 1, context: 5)
        #expect(bytes == Self.hex("""
            0203 00000001 00000005
            00000001 00000001 00 00 01020304 00000003 00000800 1000 00 00 020000000001
            7333 \(String(repeating: "00", count: 22))
            """))
    }

    @Test func anAddressIsAFamilyByteAndASixteenByteUnion() throws {
        let request = SwInterfaceAddDelAddress(swIfIndex: 9, isAdd: true, address: IPAddress("10.250.160.1")!, prefixLength: 24)
        let bytes = try VPPCodec.encode(request, id: 1, clientIndex: 0, context: 2)
        #expect(bytes == Self.hex("0001 00000000 00000002 00000009 01 00 00 0afaa001 \(String(repeating: "00", count: 12)) 18"))
        let v6 = SwInterfaceAddDelAddress(swIfIndex: 9, isAdd: false, address: IPAddress("fd00::1")!, prefixLength: 64)
        #expect(try VPPCodec.encode(v6, id: 1, clientIndex: 0, context: 2).suffix(19)
            == Self.hex("00 01 fd00\(String(repeating: "00", count: 13))01 40")[...])
    }

    @Test func aStringWithoutASizeCarriesItsLength() throws {
        let request = MemifSocketFilenameAddDelV2(isAdd: true, socketFilename: "/run/m.sock")
        #expect(try VPPCodec.encode(request, id: 7, clientIndex: 1, context: 1)
            == Self.hex("0007 00000001 00000001 01 ffffffff 0000000b") + Array("/run/m.sock".utf8))
        #expect(try VPPCodec.encode(SwInterfaceDump(), id: 7, clientIndex: 1, context: 1)
            == Self.hex("0007 00000001 00000001 ffffffff 00 00000000"))
    }

    @Test func bridgeMessagesFollowTheirDefinitions() throws {
        var settings = BridgeDomainSettings(id: 10)
        settings.tag = "br"
        let add = try VPPCodec.encode(BridgeDomainAddDelV2(settings, isAdd: true), id: 3, clientIndex: 0, context: 0)
        #expect(add == Self.hex("0003 00000000 00000000 0000000a 01 01 01 01 00 00 00 6272 \(String(repeating: "00", count: 62)) 01"))
        let join = try VPPCodec.encode(SwInterfaceSetL2Bridge(swIfIndex: 4, bridgeDomainID: 10, enable: true),
                                       id: 3, clientIndex: 0, context: 0)
        #expect(join == Self.hex("0003 00000000 00000000 00000004 0000000a 00000000 00 01"))
    }

    @Test func aFixedStringMustLeaveRoomForItsTerminatingNul() {
        let tooLong = SwInterfaceTagAddDel(isAdd: true, swIfIndex: 1, tag: String(repeating: "t", count: 64))
        #expect(throws: VPPAPIError.self) { _ = try VPPCodec.encode(tooLong, id: 1, clientIndex: 0, context: 0) }
        let fits = SwInterfaceTagAddDel(isAdd: true, swIfIndex: 1, tag: String(repeating: "t", count: 63))
        #expect(throws: Never.self) { _ = try VPPCodec.encode(fits, id: 1, clientIndex: 0, context: 0) }
    }

    @Test func vhostUserCreateV2HasTheEventIndexFlagAfterPacked() throws {
        var settings = VhostUserSettings(isServer: true, socketFilename: "/s")
        settings.tag = "t"
        let bytes = try VPPCodec.encode(CreateVhostUserIfV2(settings), id: 1, clientIndex: 0, context: 0)
        #expect(bytes.count == 10 + 1 + 256 + 6 + 4 + 1 + 6 + 64)
        #expect(Array(bytes[10..<13]) == [1, 0x2f, 0x73])
        #expect(Array(bytes[267..<273]) == [0, 0, 0, 0, 0, 0])  // renumber ... enable_event_idx
        #expect(bytes[284] == 0x74)  // the tag, after custom_dev_instance, use_custom_mac and the MAC
        let v1 = try VPPCodec.encode(CreateVhostUserIf(settings), id: 1, clientIndex: 0, context: 0)
        #expect(v1.count == bytes.count - 1)
    }

    @Test func aShortMessageIsAProtocolErrorNamingIt() {
        #expect {
            let _: MemifDetails = try VPPCodec.reply(Self.hex("0001 00000001 00000002"))
        } throws: { ($0 as? VPPAPIError)?.code == .protocolViolation && "\($0)".contains("memif_details") }
    }
}
