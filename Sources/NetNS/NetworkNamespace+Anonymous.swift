#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CLinuxShims
import LinuxSystem

extension NetworkNamespace {
    /// Creates a namespace that nothing names: it lives as long as this object (or anything
    /// inside it) does, and needs no bind mount or cleanup. Its ``path`` is
    /// `/proc/PID/fd/N`, which other programs (a plugin, `nsenter`) can open while it lives.
    /// Equivalent to `unshare --net` without a process to hold it.
    public static func createAnonymous() throws(NetNSError) -> NetworkNamespace {
        let label = "anonymous network namespace"
        do {
            let descriptor = try DedicatedThread.run { () throws -> FileDescriptor in
                if cni_unshare(CNI_CLONE_NEWNET) != 0 {
                    throw SystemError(errno: errno, operation: "unshare")
                }
                // The thread's own namespace file; opening it pins the namespace after the thread ends.
                return try FileDescriptor.open("/proc/self/task/\(cni_gettid())/ns/net", flags: O_RDONLY)
            }
            return NetworkNamespace(path: "/proc/\(getpid())/fd/\(descriptor.rawValue)", descriptor: descriptor)
        } catch let error as SystemError {
            throw NetNSError(operation: "create", path: label, error)
        } catch {
            throw NetNSError(.system, path: label, operation: "create")
        }
    }

    /// Whether both handles refer to the same namespace (same nsfs device and inode), however
    /// they were opened.
    public func isSame(as other: NetworkNamespace) -> Bool {
        identity == other.identity
    }
}
