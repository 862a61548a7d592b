/// A failure talking to an OVSDB server, or a change the server or `ovs-vswitchd` refused.
///
/// Messages name the object at fault (`insert Interface vhu0123: constraint violation`), so
/// that a plugin can pass them on unchanged inside its CNI error.
public struct OVSDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure; open, so new kinds can be added without breaking `switch`es.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The socket could not be opened or connected (no server, wrong path, permissions).
        public static let connect = Code(rawValue: "connect")
        /// The connection broke (reset, closed by the server, read or write failed).
        public static let connectionLost = Code(rawValue: "connection lost")
        /// No answer within the time limit.
        public static let timeout = Code(rawValue: "timeout")
        /// The server sent something that is not RFC 7047 JSON-RPC.
        public static let protocolViolation = Code(rawValue: "protocol")
        /// The server answered the request with an error (`{"error": ...}`).
        public static let requestFailed = Code(rawValue: "request failed")
        /// A transaction's operation failed (constraint violation, a `wait` that timed out...);
        /// nothing of the transaction was committed.
        public static let transactionFailed = Code(rawValue: "transaction failed")
        /// A row that should exist does not (a bridge, a port).
        public static let notFound = Code(rawValue: "not found")
        /// The change committed, but `ovs-vswitchd` did not apply it within the time limit.
        public static let notApplied = Code(rawValue: "not applied")
        /// `ovs-vswitchd` applied the change but reports an error for it (the Interface's `error` column).
        public static let vswitchdError = Code(rawValue: "ovs-vswitchd error")

        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, naming the row or request.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The same error with `context` in front of the message.
    public func prefixed(_ context: String) -> OVSDBError {
        OVSDBError(code, "\(context): \(message)")
    }
}
