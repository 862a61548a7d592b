#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LinuxSystem

/// A connected Unix stream socket with deadlines: the few system calls the OVSDB client needs,
/// each capturing `errno` at once and retrying `EINTR`.
final class UnixStream {
    let path: String
    private let descriptor: FileDescriptor

    /// Connects to the socket at `path` (`connect(2)` on an `AF_UNIX` stream socket).
    init(path: String) throws(OVSDBError) {
        self.path = path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw OVSDBError(.connect, "socket: \(SystemError.describe(errno: errno))") }
        descriptor = FileDescriptor(owning: fd)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw OVSDBError(.connect, "connect \(path): path longer than 107 bytes")
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
            throw OVSDBError(.connect, "connect \(path): \(SystemError.describe(errno: code))")
        }
    }

    /// Writes all of `bytes`. `MSG_NOSIGNAL`: a server that went away is an error, not SIGPIPE.
    func write(_ bytes: [UInt8]) throws(OVSDBError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                send(descriptor.rawValue, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw OVSDBError(.connectionLost, "write \(path): \(SystemError.describe(errno: code))")
            }
            offset += written
        }
    }

    /// Reads what is available, waiting until `deadline` (monotonic seconds) at most. Returns
    /// nothing only at end of file, which is an error here: the server closed the connection.
    func read(until deadline: Double) throws(OVSDBError) -> [UInt8] {
        while true {
            let remaining = deadline - ProcessRunner.monotonicSeconds()
            guard remaining > 0 else { throw OVSDBError(.timeout, "no answer from \(path)") }
            var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining * 1000 + 1, 3_600_000)))
            if ready < 0 {
                let code = errno
                if code == EINTR { continue }
                throw OVSDBError(.connectionLost, "poll \(path): \(SystemError.describe(errno: code))")
            }
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor.rawValue, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                let code = errno
                if code == EINTR || code == EAGAIN { continue }
                throw OVSDBError(.connectionLost, "read \(path): \(SystemError.describe(errno: code))")
            }
            if count == 0 { throw OVSDBError(.connectionLost, "\(path) closed the connection") }
            return Array(chunk[0..<count])
        }
    }
}
