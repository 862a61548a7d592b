import CNISpec
import LinuxSystem

/// Bridges, ports and interfaces of an Open vSwitch database, the way `ovs-vsctl` manages them
/// but over the OVSDB protocol: no process per change, and errors that name the row.
public struct VSwitch {
    /// The client used for every request.
    public let client: OVSDBClient

    /// How long `ovs-vswitchd` may take to apply a change.
    public var applyTimeout: Double

    /// A VSwitch on a client.
    public init(client: OVSDBClient, applyTimeout: Double = 10) {
        self.client = client
        self.applyTimeout = applyTimeout
    }

    /// An Interface row as `ovs-vswitchd` left it.
    public struct InterfaceState: Sendable, Hashable {
        /// The row's `_uuid`.
        public var uuid: String
        /// The interface (and, for ports made here, port) name.
        public var name: String
        /// `dpdkvhostuserclient`, `dpdk`, `internal`...
        public var type: String
        /// The `options` column.
        public var options: [String: String]
        /// The `external_ids` column.
        public var externalIDs: [String: String]
        /// The OpenFlow port number; `nil` until assigned, -1 when the interface failed.
        public var ofport: Int?
        /// Why `ovs-vswitchd` could not set the interface up, if it could not.
        public var error: String?
        /// `up` or `down` (vhost-user and memif ports are down until the peer connects).
        public var linkState: String?
        /// The `status` column (for DPDK ports: queue counts, driver...).
        public var status: [String: String]
    }

    static let interfaceColumns = ["_uuid", "name", "type", "options", "external_ids", "ofport", "error",
                                   "link_state", "status"]

    static func interfaceState(_ row: JSONValue) -> InterfaceState? {
        guard let uuid = OVSDBDatum.uuidValue(row["_uuid"]), let name = row["name"]?.stringValue else { return nil }
        return InterfaceState(
            uuid: uuid, name: name, type: row["type"]?.stringValue ?? "",
            options: OVSDBDatum.stringMap(row["options"]), externalIDs: OVSDBDatum.stringMap(row["external_ids"]),
            ofport: OVSDBDatum.optionalInteger(row["ofport"]),
            error: OVSDBDatum.optionalString(row["error"]).flatMap { $0.isEmpty ? nil : $0 },
            linkState: OVSDBDatum.optionalString(row["link_state"]), status: OVSDBDatum.stringMap(row["status"]))
    }

    /// The Interface named `name`, or `nil`.
    public func interface(named name: String) throws(OVSDBError) -> InterfaceState? {
        let results = try client.transact([
            .select(table: "Interface", where: [OVSDBCondition("name", "==", .string(name))], columns: Self.interfaceColumns),
        ])
        return results.first?["rows"]?.arrayValue?.first.flatMap(Self.interfaceState)
    }

    /// Every Interface whose `external_ids` has `key` = `value`.
    public func interfaces(withExternalID key: String, equalTo value: String) throws(OVSDBError) -> [InterfaceState] {
        let results = try client.transact([
            .select(table: "Interface",
                    where: [OVSDBCondition("external_ids", "includes", OVSDBDatum.map([key: value]))],
                    columns: Self.interfaceColumns),
        ])
        return (results.first?["rows"]?.arrayValue ?? []).compactMap(Self.interfaceState)
    }

    /// Whether a bridge named `name` exists.
    public func bridgeExists(_ name: String) throws(OVSDBError) -> Bool {
        let results = try client.transact([
            .select(table: "Bridge", where: [OVSDBCondition("name", "==", .string(name))], columns: ["name"]),
        ])
        return !(results.first?["rows"]?.arrayValue ?? []).isEmpty
    }

    /// The `other_config` column of the Open_vSwitch row (`pmd-cpu-mask`, `dpdk-init`...).
    public func otherConfig() throws(OVSDBError) -> [String: String] {
        let results = try client.transact([.select(table: "Open_vSwitch", where: [], columns: ["other_config"])])
        return OVSDBDatum.stringMap(results.first?["rows"]?.arrayValue?.first?["other_config"])
    }

    /// Adds a port, creating its bridge (netdev datapath) if there is none, waits until
    /// `ovs-vswitchd` has applied it and returns the Interface as it then is.
    ///
    /// If `ovs-vswitchd` reports an error for the interface (a bad devargs, a socket directory
    /// that does not exist) or does not apply it in time, the port is removed again and the
    /// error thrown: a failed add leaves no port.
    ///
    /// `whileApplying` runs after the commit and before the wait, so the caller's own work
    /// overlaps with `ovs-vswitchd`'s (which takes most of the time); if it throws, the port is
    /// removed and its error rethrown.
    public func addPort(_ port: VSwitchTransactions.PortSpec, datapathType: String = "netdev",
                        whileApplying: () throws -> Void = {}) throws -> InterfaceState
    {
        let context = "add port \(port.name) to bridge \(port.bridge)"
        var results: [JSONValue] = []
        do throws(OVSDBError) {
            // The bridge usually exists: try that shape first (no extra round trip to look), and
            // switch shapes when the precondition says otherwise; a third try covers another
            // plugin instance creating the bridge in between.
            var shapes = [VSwitchTransactions.addPort(port), VSwitchTransactions.addBridgeAndPort(port, datapathType: datapathType),
                          VSwitchTransactions.addPort(port)]
            while !shapes.isEmpty {
                let operations = shapes.removeFirst()
                do throws(OVSDBError) {
                    results = try client.transact(operations)
                    break
                } catch where error.code == .transactionFailed && error.message.hasPrefix("wait Bridge") && !shapes.isEmpty {
                    continue
                }
            }
        } catch {
            throw error.prefixed(context)
        }
        guard let nextConfiguration = Self.nextConfiguration(in: results) else {
            throw OVSDBError(.protocolViolation, "\(context): the Open_vSwitch table has no row (run `ovs-vsctl init`)")
        }
        do {
            try whileApplying()
        } catch {
            _ = try? removePort(named: port.name, wait: false)
            throw error
        }
        let state: InterfaceState?
        do throws(OVSDBError) {
            try client.waitForConfiguration(nextConfiguration, timeout: applyTimeout)
            state = try interface(named: port.name)
        } catch {
            _ = try? removePort(named: port.name, wait: false)
            throw error.prefixed(context)
        }
        guard let state else { throw OVSDBError(.notFound, "\(context): the interface vanished after it was added") }
        if let failure = state.error {
            _ = try? removePort(named: port.name, wait: true)
            throw OVSDBError(.vswitchdError, "\(context): ovs-vswitchd: \(failure)")
        }
        return state
    }

    /// Removes the port `name` from its bridge and (with `wait`) waits until `ovs-vswitchd` has
    /// let go of it. Returns `false` if there was no such port (DEL runs this twice fine).
    @discardableResult
    public func removePort(named name: String, wait: Bool = true) throws(OVSDBError) -> Bool {
        do {
            let found = try client.transact([
                .select(table: "Port", where: [OVSDBCondition("name", "==", .string(name))], columns: ["_uuid"]),
            ])
            guard let uuid = OVSDBDatum.uuidValue(found.first?["rows"]?.arrayValue?.first?["_uuid"]) else { return false }
            let results = try client.transact(VSwitchTransactions.removePort(uuid: uuid, name: name))
            if wait, let nextConfiguration = Self.nextConfiguration(in: results) {
                try client.waitForConfiguration(nextConfiguration, timeout: applyTimeout)
            }
            return true
        } catch {
            throw error.prefixed("remove port \(name)")
        }
    }

    /// `next_cfg` from the select that ``VSwitchTransactions`` puts after the bump.
    static func nextConfiguration(in results: [JSONValue]) -> Int? {
        for result in results.reversed() {
            if let value = result["rows"]?.arrayValue?.first?["next_cfg"]?.numberValue?.integer(as: Int.self) {
                return value
            }
        }
        return nil
    }
}
