#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LinuxSystem

/// The few file operations the lease store repeats thousands of times when it scans a
/// directory, kept lean: no per-call heap buffers, `errno` captured at once, `EINTR` retried.
enum FileIO {
    /// The content of a small file as text, or `nil` if it does not exist. Files larger than
    /// `limit` bytes are cut at `limit` (lease files are a few dozen bytes).
    static func readSmallFile(_ path: String, limit: Int = 4096) throws -> String? {
        let fd: Int32
        do {
            fd = try systemCall("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        } catch let error as SystemError where error.errno == ENOENT {
            return nil
        }
        defer { close(fd) }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: limit) { buffer in
            var count = 0
            while count < limit {
                let n = try systemCall("read", path) { read(fd, buffer.baseAddress! + count, limit - count) }
                if n == 0 { break }
                count += n
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
        }
    }

    /// Creates a file that must not exist yet (`O_EXCL`) and writes `content`; `false` if it
    /// existed. A failed write removes the file again.
    static func createExclusively(_ path: String, content: String, mode: mode_t = 0o600) throws -> Bool {
        let fd: Int32
        do {
            fd = try systemCall("open", path) { open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode) }
        } catch let error as SystemError where error.errno == EEXIST {
            return false
        }
        do {
            try writeAll(fd, content, path: path)
            _ = try systemCall("close", path, retryOnInterrupt: false) { close(fd) }
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        return true
    }

    /// Writes `content` over the file (creating it), in place, then cuts it to that length.
    ///
    /// Not `O_TRUNC`: on ext4, truncating a file that has data to zero and rewriting it makes
    /// the kernel flush it at close (`auto_da_alloc`, which guards against empty files after a
    /// crash), and that flush costs tens of milliseconds per call. Readers hold the lock file,
    /// so none ever sees the file between the write and the cut.
    static func overwrite(_ path: String, content: String, mode: mode_t = 0o600) throws {
        let fd = try systemCall("open", path) { open(path, O_WRONLY | O_CREAT | O_CLOEXEC, mode) }
        defer { close(fd) }
        try writeAll(fd, content, path: path)
        _ = try systemCall("ftruncate", path) { ftruncate(fd, off_t(content.utf8.count)) }
    }

    /// Appends `content` to the file (creating it).
    static func append(_ path: String, content: String, mode: mode_t = 0o600) throws {
        let fd = try systemCall("open", path) { open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode) }
        defer { close(fd) }
        try writeAll(fd, content, path: path)
    }

    /// Removes a file; `false` if it did not exist.
    static func remove(_ path: String) throws -> Bool {
        do {
            _ = try systemCall("unlink", path) { unlink(path) }
            return true
        } catch let error as SystemError where error.errno == ENOENT {
            return false
        }
    }

    private static func writeAll(_ fd: Int32, _ content: String, path: String) throws {
        var content = content
        try content.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                offset += try systemCall("write", path) { write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
            }
        }
    }
}
