/// A failure talking to VPP's binary API, or a request VPP refused.
///
/// Messages name the API message at fault (`memif_create_v2: VPP answered -2 (Invalid sw_if_index)`),
/// so that a plugin can pass them on inside its CNI error.
public struct VPPAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure; open, so new kinds can be added without breaking `switch`es.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The socket could not be opened or connected (no VPP, wrong path, permissions).
        public static let connect = Code(rawValue: "connect")
        /// The connection broke (reset, closed by VPP, read or write failed).
        public static let connectionLost = Code(rawValue: "connection lost")
        /// No answer within the time limit.
        public static let timeout = Code(rawValue: "timeout")
        /// VPP sent something that does not decode as the message it should be.
        public static let protocolViolation = Code(rawValue: "protocol")
        /// VPP does not know the message at all (its plugin is not loaded, or it is too old).
        public static let unknownMessage = Code(rawValue: "unknown message")
        /// VPP knows the message with another definition (another CRC): a VPP version we do not speak.
        public static let crcMismatch = Code(rawValue: "CRC mismatch")
        /// VPP answered the request with a negative `retval`.
        public static let requestFailed = Code(rawValue: "request failed")
        /// A value does not fit the message (a string too long for its field).
        public static let invalidArgument = Code(rawValue: "invalid argument")

        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, naming the message.
    public var message: String
    /// VPP's `retval` for ``Code/requestFailed``.
    public var returnValue: Int32?

    /// Creates an error.
    public init(_ code: Code, _ message: String, returnValue: Int32? = nil) {
        self.code = code
        self.message = message
        self.returnValue = returnValue
    }

    public var description: String { message }

    /// VPP's words for the `retval`s our requests meet (src/vnet/error.h).
    static func describe(returnValue: Int32) -> String {
        switch returnValue {
        case -1: "Unspecified Error"
        case -2: "Invalid sw_if_index"
        case -6: "No such entry"
        case -7: "Invalid value"
        case -11: "System call error #1"
        case -59: "Address length mismatch"
        case -71: "Invalid interface"
        case -73: "Invalid argument"
        case -105: "Address in use"
        case -116: "Entry already exists"
        case -119: "Bridge domain already exists"
        case -120: "Bridge domain has member interfaces"
        case -121: "Bridge domain 0 can't be deleted/modified"
        case -122: "Bridge domain ID exceeds 16M limit"
        default: "see src/vnet/error.h"
        }
    }
}
