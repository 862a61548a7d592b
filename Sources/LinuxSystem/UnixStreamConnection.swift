#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A connected Unix stream socket with deadlines, for clients that speak a protocol of their own
/// over it (OVSDB's JSON-RPC, VPP's binary API): connect, write everything, read what is there.
/// Each system call captures `errno` at once and retries `EINTR`. Not thread-safe.
public final class UnixStreamConnection {
    /// Why a call failed: clients map these to their own error kinds.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// The socket could not be created or connected.
            case connect
            /// The connection broke, or the peer closed it.
            case connectionLost
            /// Nothing arrived before the deadline.
            case timeout
        }

        /// What kind of failure.
        public var kind: Kind
        /// What failed, naming the socket.
        public var message: String
        public var description: String { message }
    }

    /// The socket's path.
    public let path: String
    private let descriptor: FileDescriptor

    /// Connects to the socket at `path` (`connect(2)` on an `AF_UNIX` stream socket).
    public init(path: String) throws(Failure) {
        self.path = path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(kind: .connect, message: "socket: \(SystemError.describe(errno: errno))") }
        descriptor = FileDescriptor(owning: fd)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Failure(kind: .connect, message: "connect \(path): path longer than 107 bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        while true {
            let result = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if result == 0 { break }
            let code = errno
            if code == EINTR { continue }
            throw Failure(kind: .connect, message: "connect \(path): \(SystemError.describe(errno: code))")
        }
    }

    /// Writes all of `bytes`. `MSG_NOSIGNAL`: a peer that went away is an error, not SIGPIPE.
    public func write(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                send(descriptor.rawValue, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw Failure(kind: .connectionLost, message: "write \(path): \(SystemError.describe(errno: code))")
            }
            offset += written
        }
    }

    /// Reads what is available, waiting until `deadline` (monotonic seconds, as
    /// ``ProcessRunner/monotonicSeconds()``) at most. End of file is an error here: the peer
    /// closed the connection.
    public func read(until deadline: Double) throws(Failure) -> [UInt8] {
        while true {
            let remaining = deadline - ProcessRunner.monotonicSeconds()
            guard remaining > 0 else { throw Failure(kind: .timeout, message: "no answer from \(path)") }
            var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining * 1000 + 1, 3_600_000)))
            if ready < 0 {
                let code = errno
                if code == EINTR { continue }
                throw Failure(kind: .connectionLost, message: "poll \(path): \(SystemError.describe(errno: code))")
            }
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor.rawValue, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                let code = errno
                if code == EINTR || code == EAGAIN { continue }
                throw Failure(kind: .connectionLost, message: "read \(path): \(SystemError.describe(errno: code))")
            }
            if count == 0 { throw Failure(kind: .connectionLost, message: "\(path) closed the connection") }
            return Array(chunk[0..<count])
        }
    }
}
