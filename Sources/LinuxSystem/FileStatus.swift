#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A point in time as the kernel stores it in inodes: seconds and nanoseconds since the epoch.
public struct FileTime: Hashable, Sendable, CustomStringConvertible {
    public var seconds: Int64
    public var nanoseconds: Int64

    public init(seconds: Int64, nanoseconds: Int64) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The current wall-clock time (`clock_gettime(CLOCK_REALTIME)`).
    public static func now() -> FileTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return FileTime(seconds: Int64(spec.tv_sec), nanoseconds: Int64(spec.tv_nsec))
    }

    /// `seconds.nanoseconds`, nanoseconds zero-padded to nine digits.
    public var description: String {
        let fraction = String(nanoseconds)
        return "\(seconds).\(String(repeating: "0", count: max(0, 9 - fraction.count)))\(fraction)"
    }
}

/// What `stat(2)` says about a file, reduced to what callers here need.
public struct FileStatus: Hashable, Sendable {
    /// The device holding the file.
    public var device: UInt64
    /// The inode number.
    public var inode: UInt64
    /// The last modification of the content (for a directory: of its entries).
    public var modificationTime: FileTime
    /// Whether the file is a directory.
    public var isDirectory: Bool
    /// Whether the file is a regular file.
    public var isRegularFile: Bool

    /// The status of the file at `path`, following symbolic links (`stat(2)`).
    public init(path: String) throws {
        var info = stat()
        _ = try systemCall("stat", path) { stat(path, &info) }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        modificationTime = FileTime(seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int64(info.st_mtim.tv_nsec))
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
        isRegularFile = info.st_mode & S_IFMT == S_IFREG
    }
}

extension FileSystem {
    /// Sets a file's modification time and leaves its access time alone (`utimensat(2)` with
    /// `UTIME_OMIT` for the access time). The file system may round the time to its granularity.
    public static func setModificationTime(_ path: String, to time: FileTime) throws {
        // UTIME_OMIT is a macro Swift does not import: ((1 << 30) - 2).
        let omit = (1 << 30) - 2
        var times = [timespec(tv_sec: 0, tv_nsec: omit),
                     timespec(tv_sec: time_t(time.seconds), tv_nsec: Int(time.nanoseconds))]
        _ = try systemCall("utimensat", path) { utimensat(AT_FDCWD, path, &times, 0) }
    }
}
