#if canImport(Glibc)
import Glibc
#endif

import TestSupport
import VPPAPI

/// A scripted VPP API server (``ScriptedSocketServer``): each accepted connection is handed to
/// the next handler. It speaks VPP's framing and the `sockclnt_create` handshake
/// with a message table of our choosing, enough to test the client without VPP.
final class FakeVPPServer: @unchecked Sendable {
    /// The message table every connection gets: the messages the tests use, with our CRCs.
    static let table: [(String, UInt16)] = [
        ("control_ping_51077d14", 20), ("control_ping_reply_f6b0b8ca", 21),
        ("show_version_51077d14", 22), ("show_version_reply_c919bde1", 23),
        ("memclnt_keepalive_51077d14", 24), ("memclnt_keepalive_reply_e8d4e804", 25),
        ("sw_interface_dump_aa610c27", 30), ("sw_interface_details_6c221fc7", 31),
        ("memif_delete_f9e6675e", 40), ("memif_delete_reply_e8d4e804", 41),
        ("memif_create_v2_0badc0de", 42), ("memif_create_v2_reply_5383d31f", 43),
        ("sockclnt_delete_8ac76db6", 50), ("sockclnt_delete_reply_8f38b1ee", 51),
        // An older VPP's memif: the first versions only (memif_create_v2 above has another CRC).
        ("memif_socket_filename_dump_51077d14", 60), ("memif_socket_filename_details_7ff326f7", 61),
        ("memif_socket_filename_add_del_a2ce1a10", 62), ("memif_socket_filename_add_del_reply_e8d4e804", 63),
        ("memif_create_b1b25061", 64), ("memif_create_reply_5383d31f", 65),
    ]

    /// One accepted connection, from the server's side, after the handshake.
    final class Peer {
        let fd: Int32
        private var buffer: [UInt8] = []
        init(fd: Int32) { self.fd = fd }

        /// The next message from the client, without its frame (`nil` at end of file).
        func receive() -> [UInt8]? {
            while true {
                if let (message, size) = VPPFrame.firstMessage(in: buffer[...]) {
                    buffer.removeFirst(size)
                    return message
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard count > 0 else { return nil }
                buffer += chunk[0..<count]
            }
        }

        func send(_ message: [UInt8]) {
            let bytes = VPPFrame.framed(message)
            _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// An answer: the message ID, the request's context, then `fields`.
        func reply(id: UInt16, context: UInt32, _ fields: (inout VPPEncoder) -> Void = { _ in }) {
            var encoder = VPPEncoder()
            encoder.u16(id)
            encoder.u32(context)
            fields(&encoder)
            send(encoder.bytes)
        }
    }

    private let server: ScriptedSocketServer
    var path: String { server.path }

    init(handlers: [(Peer) -> Void]) throws {
        server = try ScriptedSocketServer(prefix: "vp-fake-vpp", handlers: handlers.map { handler in
            { fd in
                let peer = Peer(fd: fd)
                if Self.handshake(peer) { handler(peer) }
            }
        })
    }

    /// Answers `sockclnt_create` (ID 15) with ID 16, client index 7 and ``table``.
    private static func handshake(_ peer: Peer) -> Bool {
        guard let create = peer.receive(), create.count >= 6, create[0] == 0, create[1] == 15 else { return false }
        var encoder = VPPEncoder()
        encoder.u16(16)
        encoder.u32(0)
        encoder.fixedBytes(Array(create[2..<6]), count: 4)  // the context, echoed
        encoder.i32(0)
        encoder.u32(7)
        encoder.u16(UInt16(table.count))
        for (name, id) in table {
            encoder.u16(id)
            encoder.fixedBytes(Array(name.utf8), count: 64)
        }
        peer.send(encoder.bytes)
        return true
    }

    /// Waits for the script to finish and removes the socket.
    func finish() { server.finish() }
}

/// The message ID and context of a request (`_vl_msg_id`, `client_index`, `context`).
func requestHeader(_ message: [UInt8]) -> (id: UInt16, clientIndex: UInt32, context: UInt32) {
    var decoder = VPPDecoder(message, messageName: "request")
    return ((try? decoder.u16()) ?? 0, (try? decoder.u32()) ?? 0, (try? decoder.u32()) ?? 0)
}
