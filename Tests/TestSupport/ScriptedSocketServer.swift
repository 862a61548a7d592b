#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem

/// A scripted server on a Unix stream socket, on a thread of its own: each accepted connection's
/// descriptor is handed to the next handler, and closed after it. Fake servers (OVSDB, VPP) put
/// their protocol on top, to test clients without the real daemon.
public final class ScriptedSocketServer: @unchecked Sendable {
    /// The socket's path, under /tmp, starting with `prefix`.
    public let path: String
    private let listener: Int32
    private var thread = pthread_t()
    private let handlers: [(Int32) -> Void]

    /// Listens at once; the handlers run one connection each, in order.
    public init(prefix: String, handlers: [(Int32) -> Void]) throws {
        path = "/tmp/\(prefix)-\(UInt64.random(in: 0 ... .max)).sock"
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
            let server = Unmanaged<ScriptedSocketServer>.fromOpaque(raw!).takeRetainedValue()
            server.serve()
            return nil
        }, context)
    }

    private func serve() {
        for handler in handlers {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            handler(fd)
            close(fd)
        }
    }

    /// Waits for the script to finish and removes the socket.
    public func finish() {
        pthread_join(thread, nil)
        close(listener)
        unlink(path)
    }
}
