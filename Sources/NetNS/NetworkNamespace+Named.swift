#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CLinuxShims
import LinuxSystem

/// Named, persistent namespaces, kept the way `ip netns` keeps them: a bind mount of the
/// namespace on a file in `/var/run/netns`, a directory that is itself a shared mount point so
/// that the mounts propagate into mount namespaces created later.
extension NetworkNamespace {
    /// The directory `ip netns` uses.
    public static let namedDirectory = "/var/run/netns"

    /// Creates a new namespace and persists it under `directory/name`
    /// (`ip netns add NAME`).
    @discardableResult
    public static func create(named name: String, in directory: String = namedDirectory) throws(NetNSError)
        -> NetworkNamespace
    {
        try validate(name)
        let path = "\(directory)/\(name)"
        do {
            try prepareDirectory(directory)
            let fd = Glibc.open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
            if fd < 0 { throw SystemError(errno: errno, operation: "create", object: path) }
            close(fd)
        } catch let error as SystemError {
            throw NetNSError(operation: "create", path: path, error)
        } catch {
            throw NetNSError(.system, path: path, operation: "create")
        }
        do {
            // A fresh thread unshares its network namespace and pins it with a bind mount; the
            // thread then ends, so no other code runs in the new namespace by accident.
            try DedicatedThread.run {
                if cni_unshare(CNI_CLONE_NEWNET) != 0 {
                    throw SystemError(errno: errno, operation: "unshare", object: path)
                }
                let source = "/proc/self/task/\(cni_gettid())/ns/net"
                if mount(source, path, "none", UInt(MS_BIND), nil) != 0 {
                    throw SystemError(errno: errno, operation: "mount", object: path)
                }
            }
        } catch {
            unlink(path)
            if let systemError = error as? SystemError { throw NetNSError(operation: "create", path: path, systemError) }
            throw NetNSError(.system, path: path, operation: "create")
        }
        return try open(path)
    }

    /// Removes a named namespace (`ip netns del NAME`). The namespace itself lives on while
    /// anything still uses it. A name that does not exist is not an error.
    public static func delete(named name: String, in directory: String = namedDirectory) throws(NetNSError) {
        try validate(name)
        let path = "\(directory)/\(name)"
        if umount2(path, Int32(MNT_DETACH)) != 0 && errno != EINVAL && errno != ENOENT {
            throw NetNSError(operation: "unmount", path: path, SystemError(errno: errno, operation: "umount", object: path))
        }
        if unlink(path) != 0 && errno != ENOENT {
            throw NetNSError(operation: "delete", path: path, SystemError(errno: errno, operation: "unlink", object: path))
        }
    }

    /// The names in `directory` (`ip netns list`), sorted.
    public static func names(in directory: String = namedDirectory) -> [String] {
        ((try? FileSystem.listDirectory(directory)) ?? []).sorted()
    }

    /// Names are single path components, as `ip netns` requires.
    static func validate(_ name: String) throws(NetNSError) {
        if name.isEmpty || name == "." || name == ".." || name.contains("/") || name.utf8.count > 255 {
            throw NetNSError(.invalidName, path: name, operation: "use")
        }
    }

    /// Makes the directory a shared mount point, bind-mounting it on itself first if it is not a
    /// mount point yet (what iproute2 does), so that later mount namespaces see our mounts.
    static func prepareDirectory(_ directory: String) throws {
        try FileSystem.createDirectory(directory)
        if mount("", directory, "none", UInt(MS_SHARED | MS_REC), nil) == 0 { return }
        guard errno == EINVAL else { throw SystemError(errno: errno, operation: "mount --make-shared", object: directory) }
        if mount(directory, directory, "none", UInt(MS_BIND | MS_REC), nil) != 0 {
            throw SystemError(errno: errno, operation: "mount --bind", object: directory)
        }
        if mount("", directory, "none", UInt(MS_SHARED | MS_REC), nil) != 0 {
            throw SystemError(errno: errno, operation: "mount --make-shared", object: directory)
        }
    }
}
