import CNISpec

/// The `userspace` plugin's configuration, compatible with Intel's userspace-cni-network-plugin:
///
/// ```json
/// {"cniVersion": "1.0.0", "type": "userspace", "name": "userspace-net",
///  "host": {"engine": "ovs-dpdk", "iftype": "vhostuser", "netType": "bridge",
///           "vhost": {"mode": "client", "group": "kvm"}, "bridge": {"bridgeName": "br0"}},
///  "container": {"engine": "ovs-dpdk", "iftype": "vhostuser", "netType": "interface",
///                "vhost": {"mode": "server"}},
///  "sharedDir": "/var/lib/cni/usrspcni/shared", "ovsdbSocket": "/var/run/openvswitch/db.sock",
///  "ipam": {"type": "host-local", "subnet": "10.56.217.0/24"}}
/// ```
///
/// Parsing is pure and checks every combination: an error names the field at fault.
struct UserspaceConfig: Sendable, Equatable {
    /// The switch that hosts the port (host side) or that the agent runs (container side).
    enum Engine: String, Sendable, CaseIterable {
        case ovsDPDK = "ovs-dpdk"
        case vpp
    }

    enum InterfaceType: String, Sendable, CaseIterable {
        case vhostUser = "vhostuser"
        case memif
    }

    /// Where the interface goes: onto a switch bridge, or straight to an application.
    enum NetType: String, Sendable, CaseIterable {
        case bridge
        case interface
    }

    /// Which end of the memif socket an instance is. The original's words (master/slave)
    /// are accepted and mean the same.
    enum MemifRole: String, Sendable {
        case server
        case client

        init?(word: String) {
            switch word {
            case "server", "master": self = .server
            case "client", "slave": self = .client
            default: return nil
            }
        }

        var opposite: MemifRole { self == .server ? .client : .server }
    }

    enum MemifMode: String, Sendable, CaseIterable {
        case ethernet
        case ip
        case injectPunt = "inject-punt"
    }

    /// Which end of the vhost-user socket an instance is: the server creates the socket.
    enum VhostMode: String, Sendable, CaseIterable {
        case client
        case server

        var opposite: VhostMode { self == .server ? .client : .server }
    }

    /// One side's settings after defaults and checks.
    struct Side: Sendable, Equatable {
        var engine: Engine
        var interfaceType: InterfaceType
        var netType: NetType
        var memifRole: MemifRole
        var memifMode: MemifMode
        var vhostMode: VhostMode
        /// The group (name or number) given access to the sockets and files.
        var vhostGroup: String?
        var bridgeName: String
        /// The access VLAN of the port (OVS `tag`), if any.
        var vlanID: Int?
        /// The original's numeric `bridge.bridgeId`, if given (VPP's bridge domain ID).
        var bridgeID: Int? = nil
    }

    var name: String
    var host: Side
    var container: Side
    /// Base of the socket directories: `<sharedDir>/<containerID[:12]>/`.
    var sharedDirectory: String
    /// Base of the per-container data directories: `<dataDir>/<containerID>/`.
    var dataDirectory: String
    /// The OVSDB server's Unix socket.
    var ovsdbSocket: String
    /// Where OVS creates `dpdkvhostuser` sockets (its run directory plus `vhost-sock-dir`).
    var ovsRunDirectory: String
    /// VPP's binary API socket (`socksvr { socket-name ... }`), for engine `vpp`.
    var vppAPISocket: String
    var ipamType: String

    static let defaultSharedDirectory = "/var/lib/cni/usrspcni/shared"
    static let defaultDataDirectory = "/var/lib/cni/usrspcni"
    static let defaultOVSDBSocket = "/var/run/openvswitch/db.sock"
    static let defaultOVSRunDirectory = "/var/run/openvswitch"
    static let defaultVPPAPISocket = "/run/vpp/api.sock"
    static let defaultBridge = "br0"

    init(_ config: NetworkConfig) throws(CNIError) {
        let keys = try config.decode(Keys.self)
        name = config.name
        ipamType = config.ipamType
        if let kubeconfig = keys.kubeconfig, !kubeconfig.isEmpty {
            throw CNIError(.unsupportedField, "\"kubeconfig\": pod annotations are not supported; use \"sharedDir\" " +
                           "and the data directory (docs/USERSPACE.md)")
        }
        sharedDirectory = try Self.absolutePath(keys.sharedDir, field: "sharedDir", default: Self.defaultSharedDirectory)
        dataDirectory = try Self.absolutePath(keys.dataDir, field: "dataDir", default: Self.defaultDataDirectory)
        ovsdbSocket = try Self.absolutePath(keys.ovsdbSocket.map { $0.hasPrefix("unix:") ? String($0.dropFirst(5)) : $0 },
                                            field: "ovsdbSocket", default: Self.defaultOVSDBSocket)
        ovsRunDirectory = try Self.absolutePath(keys.ovsRunDir, field: "ovsRunDir", default: Self.defaultOVSRunDirectory)
        vppAPISocket = try Self.absolutePath(keys.vppApiSocket, field: "vppApiSocket", default: Self.defaultVPPAPISocket)
        guard let hostKeys = keys.host else {
            throw CNIError(.invalidNetworkConfig, "\"host\" is required: the engine and interface type of the host side")
        }
        host = try Self.hostSide(hostKeys)
        container = try Self.containerSide(keys.container ?? SideKeys(), host: host, hasIPAM: !ipamType.isEmpty)
    }

    private static func absolutePath(_ value: String?, field: String, default fallback: String) throws(CNIError) -> String {
        guard let value, !value.isEmpty else { return fallback }
        guard value.hasPrefix("/") else {
            throw CNIError(.invalidNetworkConfig, "\"\(field)\" \"\(value)\": must be an absolute path")
        }
        var trimmed = value
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }

    private static func parse<T: RawRepresentable & CaseIterable>(_ value: String?, _ field: String, default fallback: T?)
        throws(CNIError) -> T where T.RawValue == String
    {
        guard let value, !value.isEmpty else {
            if let fallback { return fallback }
            throw CNIError(.invalidNetworkConfig, "\"\(field)\" is required: one of \(choices(T.self))")
        }
        guard let parsed = T(rawValue: value) else {
            throw CNIError(.invalidNetworkConfig, "\"\(field)\" \"\(value)\": must be one of \(choices(T.self))")
        }
        return parsed
    }

    private static func choices<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> String where T.RawValue == String {
        T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
    }

    private static func memifRole(_ value: String?, _ field: String) throws(CNIError) -> MemifRole? {
        guard let value, !value.isEmpty else { return nil }
        guard let role = MemifRole(word: value) else {
            throw CNIError(.invalidNetworkConfig,
                           "\"\(field)\" \"\(value)\": must be \"server\" or \"client\" (or \"master\" or \"slave\")")
        }
        return role
    }

    private static func hostSide(_ keys: SideKeys) throws(CNIError) -> Side {
        let engine: Engine = try parse(keys.engine, "host.engine", default: nil)
        let type: InterfaceType = try parse(keys.iftype, "host.iftype", default: nil)
        let netType: NetType = try parse(keys.netType, "host.netType", default: .bridge)
        try checkSections(keys, type: type, side: "host")
        if engine == .ovsDPDK && netType == .interface {
            throw CNIError(.invalidNetworkConfig,
                           "\"host.netType\" \"interface\": engine \"ovs-dpdk\" attaches ports to a bridge; use \"bridge\"")
        }
        let mode: MemifMode = try parse(keys.memif?.mode, "host.memif.mode", default: .ethernet)
        if engine == .ovsDPDK && type == .memif && mode != .ethernet {
            throw CNIError(.invalidNetworkConfig, "\"host.memif.mode\" \"\(mode.rawValue)\": engine \"ovs-dpdk\" " +
                           "(DPDK's net_memif) supports only \"ethernet\"")
        }
        var bridgeName = keys.bridge?.bridgeName ?? ""
        if bridgeName.isEmpty, let id = keys.bridge?.bridgeId, id != 0 { bridgeName = "br\(id)" }
        if let vlan = keys.bridge?.vlanId, vlan != 0, !(1...4094).contains(vlan) {
            throw CNIError(.invalidNetworkConfig, "\"host.bridge.vlanId\" \(vlan): must be between 1 and 4094")
        }
        if engine == .vpp, let vlan = keys.bridge?.vlanId, vlan != 0 {
            throw CNIError(.unsupportedField, "\"host.bridge.vlanId\" \(vlan): engine \"vpp\" puts interfaces into a bridge " +
                           "domain untagged; use a bridge domain per VLAN")
        }
        if let id = keys.bridge?.bridgeId, id != 0, !(1...0xff_ffff).contains(id) {
            throw CNIError(.invalidNetworkConfig, "\"host.bridge.bridgeId\" \(id): must be between 1 and 16777215")
        }
        return Side(
            engine: engine, interfaceType: type, netType: netType,
            memifRole: try memifRole(keys.memif?.role, "host.memif.role") ?? .server, memifMode: mode,
            vhostMode: try parse(keys.vhost?.mode, "host.vhost.mode", default: .client),
            vhostGroup: keys.vhost?.group.flatMap { $0.isEmpty ? nil : $0 },
            bridgeName: bridgeName.isEmpty ? defaultBridge : bridgeName,
            vlanID: keys.bridge?.vlanId.flatMap { $0 == 0 ? nil : $0 },
            bridgeID: keys.bridge?.bridgeId.flatMap { $0 == 0 ? nil : $0 })
    }

    private static func containerSide(_ keys: SideKeys, host: Side, hasIPAM: Bool) throws(CNIError) -> Side {
        let engine: Engine = try parse(keys.engine, "container.engine", default: host.engine)
        let type: InterfaceType = try parse(keys.iftype, "container.iftype", default: host.interfaceType)
        guard type == host.interfaceType else {
            throw CNIError(.invalidNetworkConfig, "\"container.iftype\" \"\(type.rawValue)\" contradicts \"host.iftype\" " +
                           "\"\(host.interfaceType.rawValue)\": both ends of a socket speak the same protocol")
        }
        try checkSections(keys, type: type, side: "container")
        let netType: NetType = try parse(keys.netType, "container.netType", default: .interface)
        let role = try memifRole(keys.memif?.role, "container.memif.role") ?? host.memifRole.opposite
        if type == .memif && role == host.memifRole {
            throw CNIError(.invalidNetworkConfig, "\"container.memif.role\" \"\(role.rawValue)\" is the same as " +
                           "\"host.memif.role\": one end must be the server and the other the client")
        }
        let mode: MemifMode = try parse(keys.memif?.mode, "container.memif.mode", default: host.memifMode)
        if type == .memif && mode != host.memifMode {
            throw CNIError(.invalidNetworkConfig, "\"container.memif.mode\" \"\(mode.rawValue)\" contradicts " +
                           "\"host.memif.mode\" \"\(host.memifMode.rawValue)\"")
        }
        let vhostMode: VhostMode = try parse(keys.vhost?.mode, "container.vhost.mode", default: host.vhostMode.opposite)
        if type == .vhostUser && vhostMode == host.vhostMode {
            throw CNIError(.invalidNetworkConfig, "\"container.vhost.mode\" \"\(vhostMode.rawValue)\" is the same as " +
                           "\"host.vhost.mode\": one end must be the server and the other the client")
        }
        if netType == .interface && keys.bridge?.bridgeName.map({ !$0.isEmpty }) == true {
            throw CNIError(.invalidNetworkConfig, "\"container.bridge.bridgeName\" is set but \"container.netType\" " +
                           "is \"interface\": a bridge is only made for \"bridge\"")
        }
        return Side(
            engine: engine, interfaceType: type, netType: netType, memifRole: role, memifMode: mode,
            vhostMode: vhostMode, vhostGroup: keys.vhost?.group.flatMap { $0.isEmpty ? nil : $0 } ?? host.vhostGroup,
            bridgeName: keys.bridge?.bridgeName.flatMap { $0.isEmpty ? nil : $0 } ?? defaultBridge,
            vlanID: keys.bridge?.vlanId.flatMap { $0 == 0 ? nil : $0 })
    }

    /// A `memif` section with a vhost-user interface (or the reverse) is a mistake worth naming.
    private static func checkSections(_ keys: SideKeys, type: InterfaceType, side: String) throws(CNIError) {
        if type == .vhostUser, let memif = keys.memif, memif.role?.isEmpty == false || memif.mode?.isEmpty == false {
            throw CNIError(.invalidNetworkConfig, "\"\(side).memif\" is set but \"\(side).iftype\" is \"vhostuser\"")
        }
        if type == .memif, let vhost = keys.vhost, vhost.mode?.isEmpty == false {
            throw CNIError(.invalidNetworkConfig, "\"\(side).vhost.mode\" is set but \"\(side).iftype\" is \"memif\"")
        }
    }

    // MARK: - JSON keys (matched case-insensitively, as Go does)

    private struct Keys: Decodable {
        var host: SideKeys?
        var container: SideKeys?
        var sharedDir: String?
        var dataDir: String?
        var ovsdbSocket: String?
        var ovsRunDir: String?
        var vppApiSocket: String?
        var kubeconfig: String?
    }

    struct SideKeys: Decodable {
        var engine: String?
        var iftype: String?
        var netType: String?
        var memif: MemifKeys?
        var vhost: VhostKeys?
        var bridge: BridgeKeys?
    }

    struct MemifKeys: Decodable {
        var role: String?
        var mode: String?
        var socketfile: String?
    }

    struct VhostKeys: Decodable {
        var mode: String?
        var group: String?
        var socketfile: String?
    }

    struct BridgeKeys: Decodable {
        var bridgeName: String?
        var bridgeId: Int?
        var vlanId: Int?
    }
}

/// What userspace's DEL needs of a configuration: whom to ask to release the addresses, and
/// what locates the attachment's port and files (the host side's engine and interface type,
/// the directories and the switch's socket). Nothing else is validated, so a configuration ADD
/// refuses for anything else (a role conflict, a bad VLAN) still deletes what exists. When the
/// locating keys themselves are missing or invalid, ADD made nothing with them, so there is no
/// port or file to find: `attachment` is `nil` and only the IPAM plugin is called.
struct UserspaceDeleteConfig: Sendable {
    var ipamType: String
    /// The configuration the port and files are found with.
    var attachment: UserspaceConfig?

    /// The locating keys, each read on its own: one of the wrong type reads as absent.
    private struct Keys: Decodable {
        var engine: String?
        var iftype: String?
        /// The path keys given as strings, by key.
        var paths: [String: String] = [:]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            for key in [CodingKeys.sharedDir, .dataDir, .ovsdbSocket, .ovsRunDir, .vppApiSocket] {
                if let value = try? container.decodeIfPresent(String.self, forKey: key) { paths[key.stringValue] = value }
            }
            let host = try? container.nestedContainer(keyedBy: CodingKeys.self, forKey: .host)
            engine = try? host?.decodeIfPresent(String.self, forKey: .engine)
            iftype = try? host?.decodeIfPresent(String.self, forKey: .iftype)
        }

        enum CodingKeys: String, CodingKey {
            case host, engine, iftype, sharedDir, dataDir, ovsdbSocket, ovsRunDir, vppApiSocket
        }
    }

    init(_ config: NetworkConfig) {
        ipamType = config.ipamType
        attachment = (try? config.decode(Keys.self)).flatMap { keys in
            UserspaceConfig(name: config.name, locating: keys.paths, engine: keys.engine, interfaceType: keys.iftype,
                            ipamType: config.ipamType)
        }
    }
}

extension UserspaceConfig {
    /// A configuration with only what locates an attachment read from `paths`, `engine` and
    /// `interfaceType` (as ADD reads them), the rest at its defaults; `nil` when one of those is
    /// missing or one ADD refuses.
    fileprivate init?(name: String, locating paths: [String: String], engine: String?, interfaceType: String?,
                      ipamType: String) {
        func path(_ key: String, default fallback: String) -> String? {
            try? Self.absolutePath(paths[key], field: key, default: fallback)
        }
        guard let engine = engine.flatMap(Engine.init(rawValue:)),
              let type = interfaceType.flatMap(InterfaceType.init(rawValue:)),
              let shared = path("sharedDir", default: Self.defaultSharedDirectory),
              let data = path("dataDir", default: Self.defaultDataDirectory),
              let ovsdb = try? Self.absolutePath(paths["ovsdbSocket"].map { $0.hasPrefix("unix:") ? String($0.dropFirst(5)) : $0 },
                                                 field: "ovsdbSocket", default: Self.defaultOVSDBSocket),
              let ovsRun = path("ovsRunDir", default: Self.defaultOVSRunDirectory),
              let vpp = path("vppApiSocket", default: Self.defaultVPPAPISocket) else { return nil }
        let side = Side(engine: engine, interfaceType: type, netType: .bridge, memifRole: .server, memifMode: .ethernet,
                        vhostMode: .client, vhostGroup: nil, bridgeName: Self.defaultBridge, vlanID: nil)
        self.name = name
        self.host = side
        self.container = side
        self.sharedDirectory = shared
        self.dataDirectory = data
        self.ovsdbSocket = ovsdb
        self.ovsRunDirectory = ovsRun
        self.vppAPISocket = vpp
        self.ipamType = ipamType
    }
}
