import CNISpec

/// The transactions the Open_vSwitch schema needs for ports on a bridge, built as values so
/// that tests can compare them with golden JSON. Each change is one transaction: it commits
/// whole or not at all, so a failure never leaves half a port behind.
public enum VSwitchTransactions {
    /// A port with one interface, as `ovs-vsctl add-port BRIDGE NAME -- set Interface NAME
    /// type=TYPE options:K=V external_ids:K=V` writes it.
    public struct PortSpec: Sendable, Hashable {
        /// The bridge to attach to.
        public var bridge: String
        /// The Port and Interface name.
        public var name: String
        /// The Interface type: `dpdkvhostuserclient`, `dpdkvhostuser`, `dpdk`, `internal`...
        public var type: String
        /// The Interface `options` column (`vhost-server-path`, `dpdk-devargs`, `n_rxq`).
        public var options: [String: String]
        /// Written to both rows' `external_ids`, to find ports later (GC) and tell ours apart.
        public var externalIDs: [String: String]
        /// The Port's access VLAN (`tag`), if any.
        public var tag: Int?

        /// Creates a port description.
        public init(bridge: String, name: String, type: String, options: [String: String] = [:],
                    externalIDs: [String: String] = [:]) {
            self.bridge = bridge
            self.name = name
            self.type = type
            self.options = options
            self.externalIDs = externalIDs
        }
    }

    /// Raises `next_cfg` and reads it back: `ovs-vswitchd` applies the transaction once
    /// `cur_cfg` reaches the value read.
    static let bumpConfiguration: [OVSDBOperation] = [
        .mutate(table: "Open_vSwitch", where: [], mutations: [OVSDBMutation("next_cfg", "+=", 1)]),
        .select(table: "Open_vSwitch", where: [], columns: ["next_cfg"]),
    ]

    /// Adds a port to an existing bridge. The `wait` with a zero timeout is the precondition:
    /// without the bridge the whole transaction fails instead of committing an orphan port.
    public static func addPort(_ port: PortSpec) -> [OVSDBOperation] {
        [
            .wait(table: "Bridge", where: [OVSDBCondition("name", "==", .string(port.bridge))], columns: ["name"],
                  rows: [["name": .string(port.bridge)]], untilEqual: true, timeout: 0),
        ] + portRows(port) + [
            .mutate(table: "Bridge", where: [OVSDBCondition("name", "==", .string(port.bridge))],
                    mutations: [OVSDBMutation("ports", "insert", OVSDBDatum.set([OVSDBDatum.namedUUID("port")]))]),
        ] + bumpConfiguration + [.comment("swift-cni: add port \(port.name) to \(port.bridge)")]
    }

    /// Creates the bridge (`datapath_type`, netdev for the user-space datapath, with its
    /// internal port as `ovs-vsctl add-br` makes it) together with the port. The precondition
    /// is that no bridge of that name exists; if another client created it meanwhile, the
    /// transaction fails and the caller uses ``addPort(_:)``.
    public static func addBridgeAndPort(_ port: PortSpec, datapathType: String = "netdev") -> [OVSDBOperation] {
        [
            .wait(table: "Bridge", where: [OVSDBCondition("name", "==", .string(port.bridge))], columns: ["name"],
                  rows: [], untilEqual: true, timeout: 0),
            .insert(table: "Interface", row: ["name": .string(port.bridge), "type": "internal"], uuidName: "brif"),
            .insert(table: "Port", row: ["name": .string(port.bridge), "interfaces": OVSDBDatum.namedUUID("brif")],
                    uuidName: "brport"),
        ] + portRows(port) + [
            .insert(table: "Bridge", row: [
                "name": .string(port.bridge), "datapath_type": .string(datapathType),
                "ports": OVSDBDatum.set([OVSDBDatum.namedUUID("brport"), OVSDBDatum.namedUUID("port")]),
            ], uuidName: "bridge"),
            .mutate(table: "Open_vSwitch", where: [],
                    mutations: [OVSDBMutation("bridges", "insert", OVSDBDatum.set([OVSDBDatum.namedUUID("bridge")]))]),
        ] + bumpConfiguration + [.comment("swift-cni: add bridge \(port.bridge) with port \(port.name)")]
    }

    /// Detaches a port from whichever bridge holds it; the Port and Interface rows are not
    /// root rows, so the server deletes them once nothing refers to them.
    public static func removePort(uuid: String, name: String) -> [OVSDBOperation] {
        [
            .mutate(table: "Bridge", where: [OVSDBCondition("ports", "includes", OVSDBDatum.uuid(uuid))],
                    mutations: [OVSDBMutation("ports", "delete", OVSDBDatum.set([OVSDBDatum.uuid(uuid)]))]),
        ] + bumpConfiguration + [.comment("swift-cni: remove port \(name)")]
    }

    private static func portRows(_ port: PortSpec) -> [OVSDBOperation] {
        var interface: JSONObject = ["name": .string(port.name), "type": .string(port.type)]
        if !port.options.isEmpty { interface["options"] = OVSDBDatum.map(port.options) }
        if !port.externalIDs.isEmpty { interface["external_ids"] = OVSDBDatum.map(port.externalIDs) }
        var row: JSONObject = ["name": .string(port.name), "interfaces": OVSDBDatum.namedUUID("iface")]
        if !port.externalIDs.isEmpty { row["external_ids"] = OVSDBDatum.map(port.externalIDs) }
        if let tag = port.tag { row["tag"] = .number(JSONNumber(tag)) }
        return [
            .insert(table: "Interface", row: interface, uuidName: "iface"),
            .insert(table: "Port", row: row, uuidName: "port"),
        ]
    }
}
