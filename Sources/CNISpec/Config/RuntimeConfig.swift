public import NetAddress

/// The well-known capabilities: a plugin declares them in `capabilities`, and the runtime passes
/// the matching data in `runtimeConfig` (see CONVENTIONS.md of the CNI project).
public enum Capability: String, CaseIterable, Sendable {
    case portMappings, ipRanges, bandwidth, dns, ips, mac, aliases, cgroupPath, infinibandGUID, deviceID
}

/// A host port forwarded to the container (`portMappings`).
public struct PortMapping: Codable, Sendable, Hashable {
    public var hostPort: Int
    public var containerPort: Int
    /// `tcp`, `udp` or `sctp`; empty means `tcp`.
    public var `protocol`: String
    /// The host address to bind; empty for all.
    public var hostIP: String

    public init(hostPort: Int, containerPort: Int, protocol: String = "tcp", hostIP: String = "") {
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.protocol = `protocol`
        self.hostIP = hostIP
    }

    enum CodingKeys: String, CodingKey { case hostPort, containerPort, `protocol`, hostIP }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hostPort = try c.decodeIfPresent(Int.self, forKey: .hostPort) ?? 0
        containerPort = try c.decodeIfPresent(Int.self, forKey: .containerPort) ?? 0
        `protocol` = try c.decodeIfPresent(String.self, forKey: .protocol) ?? ""
        hostIP = try c.decodeIfPresent(String.self, forKey: .hostIP) ?? ""
    }
}

/// An address range for IPAM (`ipRanges`, and host-local's `ranges`).
public struct IPRange: Codable, Sendable, Hashable {
    public var subnet: IPPrefix
    public var rangeStart: IPAddress?
    public var rangeEnd: IPAddress?
    public var gateway: IPAddress?

    public init(subnet: IPPrefix, rangeStart: IPAddress? = nil, rangeEnd: IPAddress? = nil, gateway: IPAddress? = nil) {
        self.subnet = subnet
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.gateway = gateway
    }

    enum CodingKeys: String, CodingKey { case subnet, rangeStart, rangeEnd, gateway }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subnet = try c.decode(IPPrefix.self, forKey: .subnet)
        rangeStart = try c.decodeOptionalAddress(forKey: .rangeStart)
        rangeEnd = try c.decodeOptionalAddress(forKey: .rangeEnd)
        gateway = try c.decodeOptionalAddress(forKey: .gateway)
    }
}

/// Traffic shaping (`bandwidth`): rates in bits per second, bursts in bits.
public struct BandwidthLimits: Codable, Sendable, Hashable {
    public var ingressRate: UInt64?
    public var ingressBurst: UInt64?
    public var egressRate: UInt64?
    public var egressBurst: UInt64?

    public init(ingressRate: UInt64? = nil, ingressBurst: UInt64? = nil, egressRate: UInt64? = nil,
                egressBurst: UInt64? = nil) {
        self.ingressRate = ingressRate
        self.ingressBurst = ingressBurst
        self.egressRate = egressRate
        self.egressBurst = egressBurst
    }
}

/// DNS settings from the runtime (`dns` capability): note the runtime's key names differ from
/// the result's (`servers`, `searches`).
public struct RuntimeDNS: Codable, Sendable, Hashable {
    public var servers: [String]?
    public var searches: [String]?
    public var options: [String]?

    public init(servers: [String]? = nil, searches: [String]? = nil, options: [String]? = nil) {
        self.servers = servers
        self.searches = searches
        self.options = options
    }
}

/// The `runtimeConfig` object: per-attachment data for the capabilities a plugin declared.
/// Keys match case-insensitively, because containerd sends Go field names (`"HostPort"`).
public struct RuntimeConfig: Codable, Sendable, Hashable {
    public var portMappings: [PortMapping]?
    public var ipRanges: [[IPRange]]?
    public var bandwidth: BandwidthLimits?
    public var dns: RuntimeDNS?
    public var ips: [String]?
    public var mac: String?
    /// podman sends `{"network": ["alias", ...]}`.
    public var aliases: [String: [String]]?
    public var cgroupPath: String?
    public var infinibandGUID: String?
    public var deviceID: String?

    public init() {}

    /// Decodes the `runtimeConfig` member of a configuration; absent means empty.
    public init(from object: JSONObject?) throws {
        guard let value = object?.value(forGoField: "runtimeConfig"), !value.isNull else { return }
        self = try JSONValueDecoder().decode(RuntimeConfig.self, from: value)
    }
}
