#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failed system call: what was attempted, on what, and the `errno` the kernel returned.
///
/// The message reads like `open /var/run/netns/x: No such file or directory`, so each layer above
/// can prefix its own context and a user sees the whole chain.
public struct SystemError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The `errno` value.
    public var errno: Int32
    /// The operation, usually the system call's name (`open`, `setns`, `mount`).
    public var operation: String
    /// The object operated on (a path, an interface name), if any.
    public var object: String?

    /// Creates an error from an `errno` value.
    public init(errno: Int32, operation: String, object: String? = nil) {
        self.errno = errno
        self.operation = operation
        self.object = object
    }

    /// The C library's text for the `errno` value.
    public var reason: String { Self.describe(errno: errno) }

    public var description: String {
        if let object { return "\(operation) \(object): \(reason)" }
        return "\(operation): \(reason)"
    }

    /// Whether the object does not exist (`ENOENT`, `ENODEV`, `ESRCH`, `ENXIO`).
    public var isNotFound: Bool { [ENOENT, ENODEV, ESRCH, ENXIO].contains(errno) }
    /// Whether the object already exists (`EEXIST`).
    public var isAlreadyExists: Bool { errno == EEXIST }
    /// Whether permission was refused (`EPERM`, `EACCES`).
    public var isPermissionDenied: Bool { errno == EPERM || errno == EACCES }

    /// `strerror` for an `errno` value.
    public static func describe(errno: Int32) -> String {
        guard let text = strerror(errno) else { return "errno \(errno)" }
        return String(cString: text)
    }
}

/// Calls a C function that returns -1 and sets `errno` on failure, retrying on `EINTR`.
///
/// `errno` is read immediately after the failing call, before anything else can overwrite it.
@inline(never)
public func systemCall<Result: BinaryInteger>(
    _ operation: String, _ object: String? = nil, retryOnInterrupt: Bool = true,
    _ body: () -> Result
) throws -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR && retryOnInterrupt { continue }
        throw SystemError(errno: code, operation: operation, object: object)
    }
}
