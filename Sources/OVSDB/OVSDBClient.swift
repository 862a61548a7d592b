public import CNISpec
import LinuxSystem

/// An OVSDB client for one server socket: transactions, echo, and waiting for `ovs-vswitchd` to
/// apply a change.
///
/// The connection is opened on first use and reopened after it breaks (the server restarted, or
/// dropped us): a request that did not reach the server, or that only reads, is sent again on
/// the new connection. A transaction that changes rows and broke after it was sent is *not*
/// repeated, since it may have committed; the caller learns so from the error.
public final class OVSDBClient {
    /// The server's socket, such as `/var/run/openvswitch/db.sock`.
    public let socketPath: String
    /// Seconds each request may take.
    public var timeout: Double
    private var connection: OVSDBConnection?

    /// A client for the server at `socketPath`; nothing is connected until the first request.
    public init(socketPath: String, timeout: Double = 5) {
        self.socketPath = socketPath
        self.timeout = timeout
    }

    /// Closes the connection (the next request opens a new one).
    public func disconnect() { connection = nil }

    /// Runs `body` on a live connection, reconnecting once if the connection is lost and the
    /// request may be repeated.
    private func withConnection<T>(repeatable: Bool, _ body: (OVSDBConnection) throws(OVSDBError) -> T)
        throws(OVSDBError) -> T
    {
        var attempt = 0
        while true {
            let current: OVSDBConnection
            if let connection {
                current = connection
            } else {
                current = try OVSDBConnection(path: socketPath)
                connection = current
            }
            do {
                return try body(current)
            } catch {
                guard error.code == .connectionLost else { throw error }
                connection = nil
                attempt += 1
                // A connection we had used before may have been closed while idle: one retry.
                guard repeatable, attempt < 2 else { throw error }
            }
        }
    }

    private var deadline: Double { ProcessRunner.monotonicSeconds() + timeout }

    /// `echo`: a round trip that proves the server is alive.
    public func echo() throws(OVSDBError) {
        let payload: JSONValue = ["swift-cni"]
        let answer = try withConnection(repeatable: true) { (c) throws(OVSDBError) in
            try c.call("echo", payload, deadline: deadline)
        }
        guard answer == payload else { throw OVSDBError(.protocolViolation, "echo answered \(JSONSerializer.string(answer))") }
    }

    /// `list_dbs`: the databases the server holds.
    public func listDatabases() throws(OVSDBError) -> [String] {
        let answer = try withConnection(repeatable: true) { (c) throws(OVSDBError) in
            try c.call("list_dbs", [], deadline: deadline)
        }
        return answer.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// `transact`: runs the operations as one transaction and returns one result per operation.
    ///
    /// RFC 7047 reports a failed operation inside the result array, not as the request's error:
    /// every element is checked, including the extra trailing one a failed commit adds (a
    /// constraint violation), and the first failure is thrown naming its operation.
    public func transact(_ operations: [OVSDBOperation], database: String = "Open_vSwitch") throws(OVSDBError)
        -> [JSONValue]
    {
        let params = JSONValue.array([.string(database)] + operations.map(\.jsonValue))
        let readOnly = operations.allSatisfy {
            switch $0 {
            case .select, .wait, .comment: true
            default: false
            }
        }
        let answer = try withConnection(repeatable: readOnly) { (c) throws(OVSDBError) in
            try c.call("transact", params, deadline: deadline)
        }
        return try Self.checkTransactionResult(answer, operations: operations)
    }

    /// The per-operation results of a `transact` answer, or the first failure as an error.
    public static func checkTransactionResult(_ answer: JSONValue, operations: [OVSDBOperation]) throws(OVSDBError)
        -> [JSONValue]
    {
        guard let results = answer.arrayValue else {
            throw OVSDBError(.protocolViolation, "transact answered \(JSONSerializer.string(answer)), not an array")
        }
        for (index, result) in results.enumerated() {
            guard let error = result["error"]?.stringValue else { continue }
            let what = index < operations.count ? operations[index].summary : "commit"
            let details = result["details"]?.stringValue.map { ": \($0)" } ?? ""
            throw OVSDBError(.transactionFailed, "\(what): \(error)\(details)")
        }
        guard results.count >= operations.count else {
            throw OVSDBError(.protocolViolation, "transact answered \(results.count) results for \(operations.count) operations")
        }
        return Array(results.prefix(operations.count))
    }

    /// Waits until `ovs-vswitchd` has applied configuration `nextConfiguration` (the value of
    /// `Open_vSwitch.next_cfg` a transaction raised), that is until `cur_cfg` reaches it, as
    /// `ovs-vsctl` does without `--no-wait`. Uses `monitor`: the first answer carries the current
    /// value and `update` notifications the later ones, so nothing is polled.
    public func waitForConfiguration(_ nextConfiguration: Int, timeout seconds: Double) throws(OVSDBError) {
        let limit = ProcessRunner.monotonicSeconds() + seconds
        let monitorID: JSONValue = "swift-cni-cur-cfg"
        let request: JSONValue = ["Open_vSwitch", monitorID, ["Open_vSwitch": ["columns": ["cur_cfg"]]]]
        try withConnection(repeatable: true) { (c) throws(OVSDBError) in
            let initial = try c.call("monitor", request, deadline: limit)
            var current = Self.curCfg(in: initial)
            while current.map({ $0 < nextConfiguration }) ?? true {
                let notification: OVSDBConnection.Notification
                do throws(OVSDBError) {
                    notification = try c.nextNotification(until: limit)
                } catch where error.code == .timeout {
                    throw OVSDBError(.notApplied, "ovs-vswitchd did not apply configuration \(nextConfiguration) within " +
                                     "\(seconds) s (cur_cfg is \(current.map(String.init) ?? "unset"); is ovs-vswitchd running?)")
                }
                guard notification.method == "update", let updates = notification.params.arrayValue, updates.count == 2
                else { continue }
                if let value = Self.curCfg(in: updates[1]) { current = max(current ?? value, value) }
            }
            // Cancel without waiting: the answer is skipped whenever it comes.
            try c.send("monitor_cancel", [monitorID])
            c.discardNotifications()
        }
    }

    /// `cur_cfg` from a table-updates object (`{"Open_vSwitch": {uuid: {"new": {"cur_cfg": N}}}}`).
    static func curCfg(in updates: JSONValue) -> Int? {
        guard let rows = updates["Open_vSwitch"]?.objectValue else { return nil }
        for row in rows {
            if let value = row.value["new"]?["cur_cfg"]?.numberValue?.integer(as: Int.self) { return value }
        }
        return nil
    }
}
