import LinuxSystem

/// A failure to find, open, create or enter a network namespace.
public struct NetNSError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a code callers can branch on (DEL treats `.notFound` as done).
    public enum Code: Sendable, Equatable {
        /// Nothing at the path.
        case notFound
        /// Something is at the path, but it is not a network namespace.
        case notANetworkNamespace
        /// A named namespace with that name exists already.
        case exists
        /// The name is not a valid namespace name.
        case invalidName
        /// The kernel refused (`EPERM`, `EACCES`).
        case permissionDenied
        /// Any other system error.
        case system
    }

    public var code: Code
    /// The namespace path or name.
    public var path: String
    /// What was being done.
    public var operation: String
    /// The system call error behind it, if any.
    public var underlying: SystemError?

    public init(_ code: Code, path: String, operation: String, underlying: SystemError? = nil) {
        self.code = code
        self.path = path
        self.operation = operation
        self.underlying = underlying
    }

    /// Classifies a system error.
    init(operation: String, path: String, _ error: SystemError) {
        let code: Code = error.isNotFound ? .notFound : error.isPermissionDenied ? .permissionDenied
            : error.isAlreadyExists ? .exists : .system
        self.init(code, path: path, operation: operation, underlying: error)
    }

    public var description: String {
        switch code {
        case .notFound: "\(operation) \(path): no such network namespace"
        case .notANetworkNamespace: "\(operation) \(path): not a network namespace"
        case .exists: "\(operation) \(path): network namespace already exists"
        case .invalidName: "\(operation) \(path): invalid namespace name"
        default: "\(operation) \(path): \(underlying?.reason ?? "failed")"
        }
    }
}
