public import CNISpec
import LinuxSystem

/// One JSON-RPC 1.0 session with an OVSDB server (RFC 7047 §4) over its Unix socket.
///
/// Synchronous on purpose: a CNI plugin makes a handful of calls and exits, and a blocking
/// socket with `poll` deadlines starts in microseconds where an event loop would not. While
/// waiting for an answer it answers the server's `echo` keep-alives (a server drops clients that
/// do not) and queues notifications (`update` from `monitor`) for ``nextNotification(until:)``.
/// Not thread-safe: one connection belongs to one caller.
public final class OVSDBConnection {
    /// A message the server sent on its own, not as an answer.
    public struct Notification: Sendable {
        /// `update`, `locked`, ...
        public var method: String
        /// Its parameters.
        public var params: JSONValue
    }

    /// The socket path.
    public let path: String
    private let stream: UnixStream
    private var splitter = JSONStreamSplitter()
    private var nextID = 0
    private var notifications: [Notification] = []

    /// Connects to the server's socket (`punix:` remote).
    public init(path: String) throws(OVSDBError) {
        self.path = path
        stream = try UnixStream(path: path)
    }

    /// Sends a request and waits until `deadline` (monotonic seconds) for its answer; returns
    /// the `result`, or throws ``OVSDBError/Code/requestFailed`` with the server's `error`.
    public func call(_ method: String, _ params: JSONValue, deadline: Double) throws(OVSDBError) -> JSONValue {
        let id = nextID
        nextID += 1
        try stream.write(JSONSerializer.serialize(["method": .string(method), "params": params, "id": .number(JSONNumber(id))]))
        while true {
            let message = try receive(until: deadline)
            guard message["method"] == nil, message["id"]?.numberValue?.integer(as: Int.self) == id else { continue }
            if let error = message["error"], !error.isNull {
                let text = error.stringValue ?? error["error"]?.stringValue ?? JSONSerializer.string(error)
                throw OVSDBError(.requestFailed, "\(method): \(text)")
            }
            return message["result"] ?? .null
        }
    }

    /// Sends a request whose answer nobody waits for (it is skipped when it arrives), such as
    /// `monitor_cancel`: it saves a round trip.
    public func send(_ method: String, _ params: JSONValue) throws(OVSDBError) {
        let id = nextID
        nextID += 1
        try stream.write(JSONSerializer.serialize(["method": .string(method), "params": params, "id": .number(JSONNumber(id))]))
    }

    /// Drops queued notifications (after cancelling the monitor that sent them).
    public func discardNotifications() { notifications.removeAll() }

    /// The next notification: a queued one, or one read before `deadline`.
    public func nextNotification(until deadline: Double) throws(OVSDBError) -> Notification {
        while notifications.isEmpty { _ = try receive(until: deadline) }
        return notifications.removeFirst()
    }

    /// Reads one message. Echo requests are answered and notifications queued here, and both
    /// are returned too so that callers looking for an answer can skip them.
    private func receive(until deadline: Double) throws(OVSDBError) -> JSONValue {
        while true {
            if let text = try splitter.next() {
                let message: JSONValue
                do {
                    message = try JSONParser.parse(text)
                } catch {
                    throw OVSDBError(.protocolViolation, "\(path) sent invalid JSON: \(error)")
                }
                guard case .object = message else {
                    throw OVSDBError(.protocolViolation, "\(path) sent a JSON-RPC message that is not an object")
                }
                if let method = message["method"]?.stringValue {
                    let params = message["params"] ?? .array([])
                    if let id = message["id"], !id.isNull {
                        // A request from the server: only echo is defined for clients (§4.1.11).
                        let reply: JSONValue = method == "echo"
                            ? ["id": id, "result": params, "error": .null]
                            : ["id": id, "result": .null, "error": .string("unknown method \(method)")]
                        try stream.write(JSONSerializer.serialize(reply))
                    } else {
                        notifications.append(Notification(method: method, params: params))
                    }
                }
                return message
            }
            splitter.append(try stream.read(until: deadline))
        }
    }
}
