#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An advisory, exclusive lock on a file, taken with `flock(2)`.
///
/// `flock` locks belong to the open file description, so two processes (or two opens in one
/// process) exclude each other; the kernel drops the lock when the descriptor is closed, so a
/// crashed holder never leaves a stale lock behind. This is the lock Go's `go-filemutex` takes,
/// which is what lets our plugins and the Go reference plugins share state directories.
public final class FileLock {
    private let descriptor: FileDescriptor
    /// The locked file's path.
    public let path: String

    /// Opens (creating if needed) the file to lock; the lock is not taken yet.
    /// `mode` applies only when the file is created (Go's filemutex uses 0750).
    public init(path: String, mode: mode_t = 0o750) throws {
        self.path = path
        descriptor = try FileDescriptor.open(path, flags: O_CREAT | O_RDONLY, mode: mode)
    }

    /// Blocks until this process holds the exclusive lock (`flock(fd, LOCK_EX)`).
    public func lock() throws {
        _ = try systemCall("flock", path) { flock(descriptor.rawValue, LOCK_EX) }
    }

    /// Releases the lock (`flock(fd, LOCK_UN)`); closing the file would release it too.
    public func unlock() throws {
        _ = try systemCall("flock", path) { flock(descriptor.rawValue, LOCK_UN) }
    }
}
