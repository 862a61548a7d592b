#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CLinuxShims
public import LinuxSystem

/// An open network namespace.
///
/// Holding the descriptor keeps the namespace alive and lets threads enter it with `setns`.
/// Paths may name a namespace in any of the ways runtimes pass them: `/var/run/netns/NAME`,
/// `/proc/PID/ns/net`, `/proc/PID/fd/N`.
public final class NetworkNamespace: Sendable {
    /// The path it was opened from.
    public let path: String
    /// The open descriptor (`O_RDONLY`).
    public let descriptor: FileDescriptor

    init(path: String, descriptor: FileDescriptor) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Opens a namespace, checking that the path really is one: the file system must be nsfs
    /// (or procfs on old kernels), and the kernel must call it a network namespace.
    public static func open(_ path: String) throws(NetNSError) -> NetworkNamespace {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, flags: O_RDONLY)
        } catch let error as SystemError {
            throw NetNSError(operation: "open", path: path, error)
        } catch {
            throw NetNSError(.system, path: path, operation: "open")
        }
        let fileSystem = cni_fstatfs_type(fd.rawValue)
        guard fileSystem >= 0 else {
            throw NetNSError(operation: "statfs", path: path, SystemError(errno: errno, operation: "statfs", object: path))
        }
        let nsfsMagic = 0x6e73_6673
        let procMagic = 0x9fa0
        guard fileSystem == nsfsMagic || fileSystem == procMagic else {
            throw NetNSError(.notANetworkNamespace, path: path, operation: "open")
        }
        // NS_GET_NSTYPE (_IO(0xb7, 0x3)) tells which kind of namespace this is.
        let type = ioctl(fd.rawValue, 0xb703)
        if type >= 0 && type != CNI_CLONE_NEWNET {
            throw NetNSError(.notANetworkNamespace, path: path, operation: "open")
        }
        if type < 0 && fileSystem == procMagic {
            // Old kernels without the ioctl: a procfs path must at least be a /proc/.../ns/net link.
            guard path.hasSuffix("/ns/net") else { throw NetNSError(.notANetworkNamespace, path: path, operation: "open") }
        }
        return NetworkNamespace(path: path, descriptor: fd)
    }

    /// The namespace of the calling thread.
    public static func current() throws(NetNSError) -> NetworkNamespace {
        try open("/proc/self/task/\(cni_gettid())/ns/net")
    }

    /// Identifies the namespace: two handles refer to the same namespace exactly when these match.
    public var identity: FileIdentity {
        var info = stat()
        fstat(descriptor.rawValue, &info)
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Runs `body` on a new thread that has entered this namespace. The thread ends with the
    /// body, so no other code ever runs in the wrong namespace, and nothing needs switching back.
    /// Child processes started by `body` inherit the namespace.
    public func perform<Result>(_ body: () throws -> Result) throws -> Result {
        try DedicatedThread.run { () throws -> Result in
            if cni_setns(descriptor.rawValue, CNI_CLONE_NEWNET) != 0 {
                throw NetNSError(operation: "setns", path: path, SystemError(errno: errno, operation: "setns", object: path))
            }
            return try body()
        }
    }
}

extension FileIdentity {
    /// An identity from its two numbers.
    public init(device: UInt64, inode: UInt64) {
        self = FileIdentity(unchecked: (device, inode))
    }
}
