#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An open file descriptor that closes itself when the last reference goes away.
///
/// A class, not a struct: a descriptor is a resource with identity, and closing it twice (or
/// using it after another copy closed it) is the classic bug this rules out.
public final class FileDescriptor: @unchecked Sendable {
    /// The descriptor number; valid while this object lives.
    public let rawValue: Int32
    private let owned: Bool

    /// Takes ownership of an open descriptor: it is closed with this object.
    public init(owning rawValue: Int32) {
        self.rawValue = rawValue
        owned = true
    }

    /// Uses a descriptor someone else owns (such as stdout); it is left open.
    public init(borrowing rawValue: Int32) {
        self.rawValue = rawValue
        owned = false
    }

    deinit { if owned { _ = Glibc.close(rawValue) } }

    /// Opens a file (`open(2)`), always with `O_CLOEXEC` so children we spawn do not inherit it.
    public static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws -> FileDescriptor {
        let fd = try systemCall("open", path) { Glibc.open(path, flags | O_CLOEXEC, mode) }
        return FileDescriptor(owning: fd)
    }

    /// Reads until end of file, at most `limit` bytes; more than that is an error (`EFBIG`).
    public func readAll(limit: Int = 64 << 20) throws -> [UInt8] {
        var result: [UInt8] = []
        // Not zeroed: read(2) fills what we use, and zeroing would fault in pages for nothing.
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 8)
        defer { chunk.deallocate() }
        while true {
            let count = try systemCall("read") { Glibc.read(rawValue, chunk.baseAddress, chunk.count) }
            if count == 0 { return result }
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
            if result.count > limit { throw SystemError(errno: EFBIG, operation: "read") }
        }
    }

    /// Writes every byte, continuing after short writes.
    public func writeAll(_ bytes: some Collection<UInt8>) throws {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let written = try array.withUnsafeBytes { (buffer) throws -> Int in
                try systemCall("write") {
                    Glibc.write(rawValue, buffer.baseAddress! + offset, buffer.count - offset)
                }
            }
            offset += written
        }
    }
}
