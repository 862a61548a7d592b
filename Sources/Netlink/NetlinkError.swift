#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LinuxSystem
import NetlinkCodec

/// A failed netlink request: what was attempted on which object, in which namespace, and why.
///
/// ``code`` is what callers branch on: a plugin's DEL treats ``Code/notFound`` as "already gone".
/// The description reads like
/// `create veth link vethab12 in /var/run/netns/x: File exists (kernel: ...)`, with the kernel's
/// extended acknowledgement message when it sent one.
public struct NetlinkError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The object does not exist (`ENOENT`, `ENODEV`, `ESRCH`, `ENXIO`, `EADDRNOTAVAIL`).
        public static let notFound = Code("not found")
        /// The object exists already (`EEXIST`).
        public static let exists = Code("exists")
        /// The object is in use (`EBUSY`).
        public static let busy = Code("busy")
        /// The caller lacks the capability (`EPERM`, `EACCES`).
        public static let permissionDenied = Code("permission denied")
        /// The request is invalid, either by our own checks before sending or by the kernel's
        /// (`EINVAL`, `ERANGE`, `E2BIG`, `ENAMETOOLONG`).
        public static let invalidArgument = Code("invalid argument")
        /// The kernel lacks the feature or driver (`EOPNOTSUPP`, `EAFNOSUPPORT`, `EPROTONOSUPPORT`).
        public static let notSupported = Code("not supported")
        /// The destination cannot be reached (`ENETUNREACH`, `EHOSTUNREACH`).
        public static let unreachable = Code("unreachable")
        /// The kernel ran out of memory or buffer space (`ENOMEM`, `ENOBUFS`, `ENOSPC`).
        public static let resourceExhausted = Code("resource exhausted")
        /// A dump kept being interrupted by concurrent changes (`NLM_F_DUMP_INTR`) after retries.
        public static let dumpInterrupted = Code("dump interrupted")
        /// The kernel's reply did not follow the protocol (bad lengths, unexpected messages).
        public static let protocolError = Code("protocol error")
        /// Any other system error; see ``NetlinkError/errno``.
        public static let system = Code("system error")

        /// The code for an `errno` value.
        public init(errno: Int32) {
            switch errno {
            case ENOENT, ENODEV, ESRCH, ENXIO, EADDRNOTAVAIL: self = .notFound
            case EEXIST: self = .exists
            case EBUSY: self = .busy
            case EPERM, EACCES: self = .permissionDenied
            case EINVAL, ERANGE, E2BIG, ENAMETOOLONG, EDOM: self = .invalidArgument
            case EOPNOTSUPP, EAFNOSUPPORT, EPROTONOSUPPORT, ENOSYS: self = .notSupported
            case ENETUNREACH, EHOSTUNREACH: self = .unreachable
            case ENOMEM, ENOBUFS, ENOSPC: self = .resourceExhausted
            default: self = .system
            }
        }

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The `errno` the kernel (or a system call) returned, if any.
    public var errno: Int32?
    /// The kernel's extended acknowledgement message (`NLMSGERR_ATTR_MSG`), if it sent one.
    public var kernelMessage: String?
    /// What was being done (`create veth`, `add address`).
    public var operation: String
    /// The object it was done to (`link vethab12`, `10.0.0.2/24 on link #4`).
    public var object: String?
    /// The namespace the socket is bound to, when it is not the caller's own.
    public var namespace: String?
    /// Why, when there is no `errno` (our own validation, protocol errors).
    public var reason: String?

    /// Creates an error.
    public init(
        _ code: Code, operation: String, object: String? = nil, errno: Int32? = nil, kernelMessage: String? = nil,
        reason: String? = nil, namespace: String? = nil
    ) {
        self.code = code
        self.operation = operation
        self.object = object
        self.errno = errno
        self.kernelMessage = kernelMessage
        self.reason = reason
        self.namespace = namespace
    }

    /// An error from an `errno` value.
    public init(errno: Int32, operation: String, object: String? = nil, kernelMessage: String? = nil) {
        self.init(Code(errno: errno), operation: operation, object: object, errno: errno, kernelMessage: kernelMessage)
    }

    /// Whether the object does not exist: the case an idempotent delete ignores.
    public var isNotFound: Bool { code == .notFound }
    /// Whether the object exists already.
    public var isExists: Bool { code == .exists }

    public var description: String {
        var text = operation
        if let object { text += " \(object)" }
        if let namespace { text += " in \(namespace)" }
        text += ": "
        if let reason {
            text += reason
        } else if let errno {
            text += SystemError.describe(errno: errno)
        } else {
            text += code.description
        }
        if let kernelMessage, !kernelMessage.isEmpty { text += " (kernel: \(kernelMessage))" }
        return text
    }

    /// A protocol error from a decoding failure.
    static func malformed(_ error: NetlinkDecodingError, operation: String, object: String?) -> NetlinkError {
        NetlinkError(.protocolError, operation: operation, object: object, reason: error.description)
    }
}
