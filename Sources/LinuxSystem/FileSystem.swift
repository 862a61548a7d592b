#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Small file-system operations on paths, each a thin wrapper over one or two system calls.
public enum FileSystem {
    /// The whole content of a file.
    public static func readFile(_ path: String, limit: Int = 64 << 20) throws -> [UInt8] {
        try FileDescriptor.open(path, flags: O_RDONLY).readAll(limit: limit)
    }

    /// Writes a file through a temporary sibling and `rename(2)`, so readers never see half of it.
    public static func writeFileAtomically(_ path: String, _ bytes: some Collection<UInt8>, mode: mode_t = 0o600)
        throws
    {
        let temporary = "\(path).tmp\(getpid())"
        do {
            let fd = try FileDescriptor.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
            try fd.writeAll(bytes)
            _ = try systemCall("rename", path) { rename(temporary, path) }
        } catch {
            _ = unlink(temporary)
            throw error
        }
    }

    /// Writes a file in place (for files under `/proc` and `/sys`, which cannot be renamed over).
    public static func writeFile(_ path: String, _ bytes: some Collection<UInt8>) throws {
        try FileDescriptor.open(path, flags: O_WRONLY | O_TRUNC).writeAll(bytes)
    }

    /// Creates a directory and its missing parents (`mkdir -p`).
    public static func createDirectory(_ path: String, mode: mode_t = 0o755) throws {
        if path.isEmpty || isDirectory(path) { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try createDirectory(String(path[..<slash]), mode: mode)
        }
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw SystemError(errno: errno, operation: "mkdir", object: path)
        }
    }

    /// Removes a file; a missing file is not an error.
    public static func removeFile(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw SystemError(errno: errno, operation: "unlink", object: path)
        }
    }

    /// Removes an empty directory; a missing one is not an error.
    public static func removeDirectory(_ path: String) throws {
        if rmdir(path) != 0 && errno != ENOENT {
            throw SystemError(errno: errno, operation: "rmdir", object: path)
        }
    }

    /// Removes a directory tree (`rm -rf`), without following symbolic links.
    public static func removeTree(_ path: String) throws {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT { return }
            throw SystemError(errno: errno, operation: "lstat", object: path)
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in try listDirectory(path) { try removeTree("\(path)/\(name)") }
            try removeDirectory(path)
        } else {
            try removeFile(path)
        }
    }

    /// The names in a directory, without `.` and `..`, in no particular order.
    public static func listDirectory(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else {
            throw SystemError(errno: errno, operation: "opendir", object: path)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The target of the symbolic link at `path`, or `nil` when it is not a readable link.
    public static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether anything exists at the path (following symbolic links).
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Whether the path is a directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether the path is a regular file the caller may execute.
    public static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0
    }
}

/// The device and inode of a file: two paths name the same object (such as the same network
/// namespace) exactly when these match.
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    /// An identity from a device and inode pair.
    public init(unchecked pair: (UInt64, UInt64)) {
        device = pair.0
        inode = pair.1
    }

    /// The identity of the file at `path`, following symbolic links.
    public init(path: String) throws {
        var info = stat()
        _ = try systemCall("stat", path) { stat(path, &info) }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
