import Testing
import VPPAPI

/// The client against a scripted server: the handshake and its message table, CRC checks,
/// dumps, skipped events, keep-alive, timeouts and reconnecting.
@Suite struct VPPConnectionTests {
    /// Answers `show_version` (ID 22) with `show_version_reply` (ID 23).
    static func answerShowVersion(_ peer: FakeVPPServer.Peer) {
        guard let request = peer.receive() else { return }
        let header = requestHeader(request)
        guard header.id == 22 else { return }
        peer.reply(id: 23, context: header.context) { fields in
            fields.i32(0)
            for (text, size) in [("vpe", 32), ("v26.10-fake", 32), ("today", 32), ("/build", 256)] {
                try? fields.fixedString(text, size: size, field: "")
            }
        }
    }

    @Test func theHandshakeLearnsTheTableAndRequestsCarryOurClientIndex() throws {
        var seenClientIndex: UInt32?
        let server = try FakeVPPServer(handlers: [{ peer in
            guard let request = peer.receive() else { return }
            seenClientIndex = requestHeader(request).clientIndex
            peer.reply(id: 23, context: requestHeader(request).context) { fields in
                fields.i32(0)
                try? fields.fixedString("vpe", size: 32, field: "")
                try? fields.fixedString("v26.10-fake", size: 32, field: "")
                fields.fixedBytes([], count: 32 + 256)
            }
        }])
        defer { server.finish() }
        let connection = try VPPConnection(path: server.path, timeout: 5)
        defer { connection.close() }
        #expect(connection.clientIndex == 7 && connection.messageCount == FakeVPPServer.table.count)
        let version = try connection.call(ShowVersion())
        #expect(version.program == "vpe" && version.version == "v26.10-fake")
        #expect(seenClientIndex == 7)
    }

    @Test func aDifferentCRCIsAClearErrorNamingTheMessageAndNothingIsSent() throws {
        var received = 0
        let server = try FakeVPPServer(handlers: [{ peer in
            while let request = peer.receive(), requestHeader(request).id != 50 { received += 1 }
        }])
        defer { server.finish() }
        let connection = try VPPConnection(path: server.path, timeout: 5)
        #expect {
            try connection.call(MemifCreateV2(MemifSettings(role: .server, mode: .ethernet, socketID: 1)))
        } throws: { error in
            guard let error = error as? VPPAPIError else { return false }
            return error.code == .crcMismatch && error.message.contains("memif_create_v2") && error.message.contains("0badc0de")
                && error.message.contains("8c7de5f7")
        }
        #expect {
            try connection.call(SwInterfaceSetFlags(swIfIndex: 1, adminUp: true))
        } throws: { ($0 as? VPPAPIError)?.code == .unknownMessage && "\($0)".contains("sw_interface_set_flags") }
        // A name is matched whole, up to the CRC: memif_create is not memif_create_v2, and
        // control is no message at all.
        #expect(try connection.messageID("memif_create", crc: "b1b25061") == 64)
        #expect {
            try connection.messageID("control", crc: "51077d14")
        } throws: { ($0 as? VPPAPIError)?.code == .unknownMessage }
        #expect(try connection.messageID("memif_delete", crc: "f9e6675e") == 40)
        connection.close()
        #expect(received == 0)
    }

    @Test func aDumpCollectsDetailsUntilThePingAnswerAndSkipsEventsAndAnswersKeepalive() throws {
        var keepaliveAnswer: [UInt8]?
        let server = try FakeVPPServer(handlers: [{ peer in
            guard let dump = peer.receive(), let ping = peer.receive() else { return }
            let context = requestHeader(dump).context
            guard requestHeader(dump).id == 30, requestHeader(ping).id == 20, requestHeader(ping).context == context else { return }
            for index in [1, 2] as [UInt32] {
                peer.reply(id: 31, context: context) { fields in
                    fields.u32(index)
                    fields.fixedBytes([], count: 4 + 6 + 4 + 79)
                    try? fields.fixedString("memif\(index)/0", size: 64, field: "")
                    fields.fixedBytes([], count: 64)
                    try? fields.fixedString("tag\(index)", size: 64, field: "")
                }
                // An event for somebody else's context, and a keep-alive, in between.
                peer.reply(id: 31, context: context &+ 99) { $0.fixedBytes([], count: 300) }
            }
            var keepalive = VPPEncoder()
            keepalive.u16(24)
            keepalive.u32(7)
            keepalive.u32(0xabcd)
            peer.send(keepalive.bytes)
            keepaliveAnswer = peer.receive()
            peer.reply(id: 21, context: context) { fields in
                fields.i32(0)
                fields.u32(7)
                fields.u32(4242)
            }
        }])
        defer { server.finish() }
        let connection = try VPPConnection(path: server.path, timeout: 5)
        defer { connection.close() }
        let interfaces = try connection.dump(SwInterfaceDump())
        #expect(interfaces.map(\.swIfIndex) == [1, 2])
        #expect(interfaces.map(\.interfaceName) == ["memif1/0", "memif2/0"] && interfaces.map(\.tag) == ["tag1", "tag2"])
        #expect(keepaliveAnswer == VPPCodecTests.hex("0019 0000abcd 00000000"))
    }

    @Test func aNegativeRetvalNamesTheMessageAndVPPsWords() throws {
        let server = try FakeVPPServer(handlers: [{ peer in
            guard let request = peer.receive() else { return }
            peer.reply(id: 41, context: requestHeader(request).context) { $0.i32(-2) }
        }])
        defer { server.finish() }
        let connection = try VPPConnection(path: server.path, timeout: 5)
        defer { connection.close() }
        #expect {
            try connection.call(MemifDelete(swIfIndex: 77))
        } throws: { error in
            guard let error = error as? VPPAPIError else { return false }
            return error.code == .requestFailed && error.returnValue == -2 && error.message.contains("memif_delete")
                && error.message.contains("Invalid sw_if_index")
        }
    }

    @Test func noAnswerIsATimeoutNamingTheRequest() throws {
        let server = try FakeVPPServer(handlers: [{ peer in _ = peer.receive(); _ = peer.receive(); _ = peer.receive() }])
        defer { server.finish() }
        let connection = try VPPConnection(path: server.path, timeout: 0.2)
        #expect {
            try connection.call(ShowVersion())
        } throws: { ($0 as? VPPAPIError)?.code == .timeout && "\($0)".contains("show_version") }
        connection.close()
    }

    @Test func theClientReconnectsWhenVPPClosedTheConnection() throws {
        let server = try FakeVPPServer(handlers: [{ _ in }, Self.answerShowVersion])
        defer { server.finish() }
        let client = VPPClient(path: server.path, timeout: 5)
        defer { client.close() }
        _ = try client.connected()  // the first connection, which the server closes at once
        #expect(try client.call(ShowVersion()).version == "v26.10-fake")
    }

    @Test func anOlderVPPGetsTheFirstVersionsOfTheMemifMessagesWithASocketIDWePick() throws {
        var registered: (id: UInt32, file: String)?
        var createLength = 0
        let server = try FakeVPPServer(handlers: [{ peer in
            guard let dump = peer.receive(), let ping = peer.receive(), requestHeader(dump).id == 60,
                  requestHeader(ping).id == 20 else { return }
            let context = requestHeader(dump).context
            for id in [0, 1] as [UInt32] {
                peer.reply(id: 61, context: context) { fields in
                    fields.u32(id)
                    fields.fixedBytes(Array("/run/vpp/memif\(id).sock".utf8), count: 108)
                }
            }
            peer.reply(id: 21, context: context) { fields in fields.fixedBytes([], count: 12) }
            guard let add = peer.receive(), requestHeader(add).id == 62 else { return }
            var fields = VPPDecoder(add, offset: 10, messageName: "memif_socket_filename_add_del")
            _ = try? fields.bool()
            registered = ((try? fields.u32()) ?? 0, (try? fields.fixedString(size: 108)) ?? "")
            peer.reply(id: 63, context: requestHeader(add).context) { $0.i32(0) }
            guard let create = peer.receive(), requestHeader(create).id == 64 else { return }
            createLength = create.count
            peer.reply(id: 65, context: requestHeader(create).context) { fields in
                fields.i32(0)
                fields.u32(9)
            }
            _ = peer.receive()
        }])
        defer { server.finish() }
        let client = VPPClient(path: server.path, timeout: 5)
        let made = try client.createMemif(socketFilename: "/run/x.sock", settings: MemifSettings(role: .server, mode: .ethernet, socketID: 0))
        client.close()
        #expect(made.swIfIndex == 9 && made.socketID == 2)
        #expect(registered?.id == 2 && registered?.file == "/run/x.sock")
        #expect(createLength == 10 + 55, "memif_create has no use_dma field")
    }

    @Test func noServerIsAConnectError() {
        #expect {
            _ = try VPPConnection(path: "/tmp/vp-no-such-vpp.sock", timeout: 1)
        } throws: { ($0 as? VPPAPIError)?.code == .connect && "\($0)".contains("/tmp/vp-no-such-vpp.sock") }
    }
}
