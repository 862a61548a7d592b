#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import OVSDB
import TestSupport

/// A scripted OVSDB server on a Unix socket, on a thread of its own: each accepted connection
/// is handed to the next handler. Enough to test the client's JSON-RPC handling without OVS.
final class FakeOVSDBServer: @unchecked Sendable {
    /// One accepted connection, from the server's side.
    final class Peer {
        let fd: Int32
        private var splitter = JSONStreamSplitter()
        init(fd: Int32) { self.fd = fd }

        /// The next message from the client (`nil` at end of file).
        func receive() -> JSONValue? {
            while true {
                if let text = try? splitter.next() { return try? JSONParser.parse(text) }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard count > 0 else { return nil }
                splitter.append(chunk[0..<count])
            }
        }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
    }

    private let server: ScriptedSocketServer
    var path: String { server.path }

    init(handlers: [(Peer) -> Void]) throws {
        server = try ScriptedSocketServer(prefix: "fake-ovsdb", handlers: handlers.map { handler in { fd in handler(Peer(fd: fd)) } })
    }

    /// Waits for the script to finish and removes the socket.
    func finish() { server.finish() }
}
