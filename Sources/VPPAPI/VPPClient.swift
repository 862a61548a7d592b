/// A VPP API client that connects when first used and reconnects when the connection broke
/// (VPP restarted, or closed a client it thought dead).
///
/// A request is sent again on a new connection only when that is safe: it never left, or it is
/// idempotent (dumps, `show_version`, setting flags). Anything else that broke half way is
/// reported, since VPP may have carried it out.
public final class VPPClient {
    /// The API socket.
    public let path: String
    /// Our name in VPP's client list.
    public let clientName: String
    /// Seconds each request may take.
    public let timeout: Double
    private var connection: VPPConnection?

    public init(path: String, clientName: String = "swift-cni", timeout: Double = 5) {
        self.path = path
        self.clientName = clientName
        self.timeout = timeout
    }

    /// The current connection, made if there is none.
    public func connected() throws(VPPAPIError) -> VPPConnection {
        if let connection { return connection }
        let made = try VPPConnection(path: path, clientName: clientName, timeout: timeout)
        connection = made
        return made
    }

    /// Sends `request` and returns its answer (``VPPConnection/call(_:)``), reconnecting once
    /// where that is safe.
    @discardableResult
    public func call<Request: VPPRequest>(_ request: Request) throws(VPPAPIError) -> Request.Reply {
        try retrying(idempotent: Request.isIdempotent) { (connection) throws(VPPAPIError) in try connection.call(request) }
    }

    /// Sends a dump and returns its details (``VPPConnection/dump(_:)``), reconnecting once.
    public func dump<Request: VPPDumpRequest>(_ request: Request) throws(VPPAPIError) -> [Request.Details] {
        try retrying(idempotent: true) { (connection) throws(VPPAPIError) in try connection.dump(request) }
    }

    /// Ends the registration and closes the socket; the next request connects again.
    public func close() {
        connection?.close()
        connection = nil
    }

    private func retrying<Result>(idempotent: Bool, _ body: (VPPConnection) throws(VPPAPIError) -> Result)
        throws(VPPAPIError) -> Result
    {
        let first = try connected()
        do {
            return try body(first)
        } catch {
            guard error.code == .connectionLost || error.code == .timeout else { throw error }
            connection = nil
            guard idempotent || !first.lastRequestWasSent else { throw error }
        }
        return try body(try connected())
    }
}
