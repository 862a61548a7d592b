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

    let path: String
    private let listener: Int32
    private var thread = pthread_t()
    private let handlers: [(Peer) -> Void]

    init(handlers: [(Peer) -> Void]) throws {
        path = "/tmp/fake-ovsdb-\(UInt64.random(in: 0 ... .max)).sock"
        self.handlers = handlers
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 4) == 0 else { throw SystemError(errno: errno, operation: "bind", object: path) }
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            let server = Unmanaged<FakeOVSDBServer>.fromOpaque(raw!).takeRetainedValue()
            server.serve()
            return nil
        }, context)
    }

    private func serve() {
        for handler in handlers {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            handler(Peer(fd: fd))
            close(fd)
        }
    }

    /// Waits for the script to finish and removes the socket.
    func finish() {
        pthread_join(thread, nil)
        close(listener)
        unlink(path)
    }
}
