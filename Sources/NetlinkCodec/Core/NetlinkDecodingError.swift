/// Bytes from the kernel that do not have the shape the protocol promises: a length that runs past
/// the buffer, an attribute of the wrong size, a header that is too short.
///
/// This never comes from a well-behaved kernel; the socket layer reports it as a protocol error.
public struct NetlinkDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being decoded (`ifinfomsg`, `attribute 3`, ...).
    public var context: String
    /// What was wrong with it.
    public var reason: String

    /// Creates an error.
    public init(_ context: String, _ reason: String) {
        self.context = context
        self.reason = reason
    }

    public var description: String { "malformed netlink data in \(context): \(reason)" }

    /// A fixed-size structure or field shorter than its size.
    static func truncated(_ context: String, need: Int, have: Int) -> NetlinkDecodingError {
        NetlinkDecodingError(context, "needs \(need) bytes, has \(have)")
    }
}
