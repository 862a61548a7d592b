public import CNISpec

/// What the plugin hands to the container for one interface: the file
/// `<dataDir>/<containerID>/configData-<ifName>.json`, which the container sees as
/// `/var/lib/cni/usrspcni/data/configData-<ifName>.json` and the `usrsp-app` agent reads.
///
/// The first five keys are those of Intel's userspace-cni `ConfigurationData` (`containerId`,
/// `ifName`, `name`, `config`, `ipResult`), so agents written for it keep working; the others
/// spell out what such agents had to work out themselves. docs/USERSPACE.md describes each key.
public struct ContainerConfiguration: Codable, Sendable, Equatable {
    /// The container-side settings, in the configuration's own words.
    public struct Settings: Codable, Sendable, Equatable {
        /// `ovs-dpdk` or `vpp`.
        public var engine: String
        /// `vhostuser` or `memif`.
        public var iftype: String
        /// `interface` (an application on the socket) or `bridge` (a container-local switch).
        public var netType: String
        /// For `memif`.
        public var memif: Memif?
        /// For `vhostuser`.
        public var vhost: Vhost?
        /// For `netType` `bridge`.
        public var bridge: Bridge?

        public init(engine: String, iftype: String, netType: String, memif: Memif? = nil, vhost: Vhost? = nil,
                    bridge: Bridge? = nil) {
            self.engine = engine
            self.iftype = iftype
            self.netType = netType
            self.memif = memif
            self.vhost = vhost
            self.bridge = bridge
        }
    }

    /// memif settings of the container's end.
    public struct Memif: Codable, Sendable, Equatable {
        /// `server` or `client` (the original's `master`/`slave` are normalised).
        public var role: String
        /// `ethernet`, `ip` or `inject-punt`.
        public var mode: String
        /// The socket's file name in the socket directory.
        public var socketfile: String
        public init(role: String, mode: String, socketfile: String) {
            self.role = role
            self.mode = mode
            self.socketfile = socketfile
        }
    }

    /// vhost-user settings of the container's end.
    public struct Vhost: Codable, Sendable, Equatable {
        /// `server`: the container creates the socket (the host port is `dpdkvhostuserclient`);
        /// `client`: the switch created it (`dpdkvhostuser`).
        public var mode: String
        /// The socket's file name in the socket directory.
        public var socketfile: String
        public init(mode: String, socketfile: String) {
            self.mode = mode
            self.socketfile = socketfile
        }
    }

    /// The container-local bridge, for `netType` `bridge`.
    public struct Bridge: Codable, Sendable, Equatable {
        /// The bridge's name.
        public var bridgeName: String
        public init(bridgeName: String) { self.bridgeName = bridgeName }
    }

    /// Queue counts the container's end must use (memif through OVS: the server accepts a peer
    /// only with matching counts, and OVS transmits on one queue per PMD thread plus one).
    public struct Queues: Codable, Sendable, Equatable {
        /// Receive queues.
        public var rx: Int
        /// Transmit queues.
        public var tx: Int
        public init(rx: Int, tx: Int) {
            self.rx = rx
            self.tx = tx
        }
    }

    /// The host port the interface is connected to.
    public struct HostPort: Codable, Sendable, Equatable {
        /// `ovs-dpdk` or `vpp`.
        public var engine: String
        /// The switch's port type, such as `dpdkvhostuserclient`, `dpdkvhostuser` or `dpdk`.
        public var type: String
        /// The port's name on the switch.
        public var name: String
        /// The bridge it is on.
        public var bridge: String
        public init(engine: String, type: String, name: String, bridge: String) {
            self.engine = engine
            self.type = type
            self.name = name
            self.bridge = bridge
        }
    }

    /// `CNI_CONTAINERID`.
    public var containerId: String
    /// `CNI_IFNAME`.
    public var ifName: String
    /// The network's name.
    public var name: String
    public var config: Settings
    /// The addresses, routes and DNS from IPAM (a CNI 1.0.0 result; empty without IPAM).
    public var ipResult: JSONValue
    /// The socket directory, the same path on the host and in the container.
    public var socketDirectory: String
    /// The socket: `socketDirectory/<socketfile>`.
    public var socketPath: String
    /// The MAC address the container's interface should use.
    public var mac: String
    /// Queue counts for the container's end, when they must match the host's.
    public var queues: Queues?
    /// The switch port at the other end.
    public var hostPort: HostPort

    public init(containerId: String, ifName: String, name: String, config: Settings, ipResult: JSONValue,
                socketDirectory: String, socketPath: String, mac: String, queues: Queues?, hostPort: HostPort) {
        self.containerId = containerId
        self.ifName = ifName
        self.name = name
        self.config = config
        self.ipResult = ipResult
        self.socketDirectory = socketDirectory
        self.socketPath = socketPath
        self.mac = mac
        self.queues = queues
        self.hostPort = hostPort
    }

    /// The file name in the data directory for an interface.
    public static func fileName(interfaceName: String) -> String { "configData-\(interfaceName).json" }

    /// The data directory as the container sees it (the runtime mounts the host's
    /// `<dataDir>/<containerID>` there).
    public static let containerDataDirectory = "/var/lib/cni/usrspcni/data"

    /// Reads a configuration; errors name the file and the key at fault.
    public static func load(bytes: [UInt8], path: String) throws(CNIError) -> ContainerConfiguration {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw CNIError(.decodingFailure, "\(path): \(error)")
        }
        do {
            return try JSONValueDecoder().decode(ContainerConfiguration.self, from: json)
        } catch {
            throw CNIError.wrapping(error, context: path)
        }
    }

    /// The configuration as JSON bytes (indented: people read these files).
    public func encoded() throws(CNIError) -> [UInt8] {
        do {
            return try JSONValueEncoder().encodeBytes(self, style: .indented)
        } catch {
            throw CNIError(.internal, "encode the container configuration: \(error)")
        }
    }
}
