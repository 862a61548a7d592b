#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CLinuxShims
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

    /// How ``createAtomically(_:content:directory:temporaryPath:mode:method:)`` makes the file.
    enum Creation {
        /// An unnamed file (`O_TMPFILE`) given its name by `linkat(2)`, falling back to `.namedTemporary`
        /// where the kernel or the file system has no unnamed files.
        case anonymous
        /// A file at the temporary path, hard-linked to its name and then unlinked.
        case namedTemporary
    }

    /// Creates the file `path`, which must not exist yet, with `content`, so that it appears with
    /// its whole content or not at all, whenever the process is killed; `false` if it existed.
    ///
    /// The content is written to a file without a name in `directory` (`O_TMPFILE`) that
    /// `linkat(2)` then names: a kill before the link leaves nothing, since the kernel frees an
    /// unnamed file with its last descriptor. Without `O_TMPFILE` (NFS, old kernels), the file is
    /// written at `temporaryPath` and hard-linked to `path`: the caller holds a lock that makes
    /// it the only writer, and removes a `temporaryPath` left by a killed writer (it is never a
    /// name a reader takes for a lease). Either way `link` fails with `EEXIST` when `path` exists,
    /// which keeps the meaning of `O_CREAT | O_EXCL`. Only where hard links are missing too is
    /// the file created with `O_EXCL` and written afterwards.
    static func createAtomically(_ path: String, content: String, directory: String, temporaryPath: String,
                                 mode: mode_t = 0o600, method: Creation = .anonymous) throws -> Bool {
        if method == .anonymous, let created = createAnonymously(path, content: content, directory: directory, mode: mode) {
            return created
        }
        _ = unlink(temporaryPath)
        let fd = try systemCall("open", temporaryPath) {
            open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        }
        defer { unlink(temporaryPath) }
        do {
            try writeAll(fd, content, path: temporaryPath)
            _ = try systemCall("close", temporaryPath, retryOnInterrupt: false) { close(fd) }
        } catch {
            close(fd)
            throw error
        }
        do {
            _ = try systemCall("link", path) { link(temporaryPath, path) }
        } catch let error as SystemError where error.errno == EEXIST {
            return false
        } catch let error as SystemError where error.errno == EPERM || error.errno == EOPNOTSUPP {
            // A file system without hard links (vfat): the old way, not atomic. An empty lease
            // that a kill leaves there is reclaimed by the next allocation (DiskLeaseStore).
            return try createExclusively(path, content: content, mode: mode)
        }
        return true
    }

    /// `O_CREAT | O_EXCL`, then the content: a kill between the two leaves an empty file.
    private static func createExclusively(_ path: String, content: String, mode: mode_t) throws -> Bool {
        let fd: Int32
        do {
            fd = try systemCall("open", path) { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode) }
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

    /// The `O_TMPFILE` way: whether `path` was created, or `nil` when this way is not available
    /// here (no `O_TMPFILE`, no `/proc`) or failed otherwise, and the named way should be tried
    /// (it reports a lasting failure, such as a full disk, with its own error).
    static func createAnonymously(_ path: String, content: String, directory: String, mode: mode_t) -> Bool? {
        let fd = cni_open_anonymous_file(directory, UInt32(mode))
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard (try? writeAll(fd, content, path: path)) != nil else { return nil }
        // linkat(2) on the descriptor's /proc link: AT_EMPTY_PATH would need CAP_DAC_READ_SEARCH.
        let source = "/proc/self/fd/\(fd)"
        while true {
            if linkat(AT_FDCWD, source, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 { return true }
            switch errno {
            case EINTR: continue
            case EEXIST: return false
            default: return nil
            }
        }
    }

    /// Whether `path` is a lease file that a writer created and was killed before it wrote: an
    /// empty regular file (of any mode: the Go plugin's v1.1.1 writes 0644, later ones and ours
    /// 0600). Only meaningful under the lease directory's lock: see ``DiskLeaseStore``.
    static func isAbandonedLease(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        return info.st_mode & S_IFMT == S_IFREG && info.st_size == 0
    }

    /// Writes `content` over the file (creating it), in place, then cuts it to that length.
    ///
    /// Not atomic: a process killed between the write and the cut leaves the new content followed
    /// by the old one's tail (`10.0.0.2` over `10.0.0.15` reads `10.0.0.25`). Only for files whose
    /// readers survive any content: the round-robin hint `last_reserved_ip.N`, which only moves
    /// where the search for a free address starts, and the index's `state`, which a torn write
    /// can never make match a directory.
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
