public import NetAddress

/// An interface a plugin created or configured (`interfaces` in a result).
public struct Interface: Codable, Sendable, Hashable {
    /// The interface name.
    public var name: String
    /// The hardware address, as text.
    public var mac: String?
    /// The MTU (1.1.0).
    public var mtu: Int?
    /// The namespace path for interfaces inside the container; `nil` for host interfaces.
    public var sandbox: String?
    /// The path of a vhost-user or memif socket (1.1.0).
    public var socketPath: String?
    /// The PCI address of a device (1.1.0).
    public var pciID: String?

    /// Creates an interface entry.
    public init(name: String, mac: String? = nil, mtu: Int? = nil, sandbox: String? = nil,
                socketPath: String? = nil, pciID: String? = nil) {
        self.name = name
        self.mac = mac
        self.mtu = mtu
        self.sandbox = sandbox
        self.socketPath = socketPath
        self.pciID = pciID
    }

    /// The interface with only the attributes versions before 1.1.0 have.
    public var withoutNewerAttributes: Interface { Interface(name: name, mac: mac, sandbox: sandbox) }

    enum CodingKeys: String, CodingKey { case name, mac, mtu, sandbox, socketPath, pciID }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        mac = try c.decodeIfPresent(String.self, forKey: .mac).nonEmpty
        mtu = try c.decodeIfPresent(Int.self, forKey: .mtu).nonZero
        sandbox = try c.decodeIfPresent(String.self, forKey: .sandbox).nonEmpty
        socketPath = try c.decodeIfPresent(String.self, forKey: .socketPath).nonEmpty
        pciID = try c.decodeIfPresent(String.self, forKey: .pciID).nonEmpty
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(mac.nonEmpty, forKey: .mac)
        try c.encodeIfPresent(mtu.nonZero, forKey: .mtu)
        try c.encodeIfPresent(sandbox.nonEmpty, forKey: .sandbox)
        try c.encodeIfPresent(socketPath.nonEmpty, forKey: .socketPath)
        try c.encodeIfPresent(pciID.nonEmpty, forKey: .pciID)
    }
}

/// A route (`routes` in a result, and in IPAM configuration).
public struct Route: Codable, Sendable, Hashable {
    /// The destination network.
    public var destination: IPPrefix
    /// The next hop; `nil` means the interface's default gateway.
    public var gateway: IPAddress?
    /// The route MTU (1.1.0).
    public var mtu: Int?
    /// The advertised MSS (1.1.0).
    public var advertisedMSS: Int?
    /// The metric (1.1.0).
    public var priority: Int?
    /// The routing table (1.1.0).
    public var table: Int?
    /// The scope (1.1.0): 0 universe, 253 link, 254 host.
    public var scope: Int?

    /// Creates a route.
    public init(destination: IPPrefix, gateway: IPAddress? = nil, mtu: Int? = nil, advertisedMSS: Int? = nil,
                priority: Int? = nil, table: Int? = nil, scope: Int? = nil) {
        self.destination = destination
        self.gateway = gateway
        self.mtu = mtu
        self.advertisedMSS = advertisedMSS
        self.priority = priority
        self.table = table
        self.scope = scope
    }

    /// The route with only `dst` and `gw`, the attributes versions before 1.1.0 have.
    public var withoutNewerAttributes: Route { Route(destination: destination, gateway: gateway) }

    enum CodingKeys: String, CodingKey {
        case destination = "dst", gateway = "gw", mtu, advertisedMSS = "advmss", priority, table, scope
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        destination = try c.decode(IPPrefix.self, forKey: .destination)
        gateway = try c.decodeOptionalAddress(forKey: .gateway)
        mtu = try c.decodeIfPresent(Int.self, forKey: .mtu).nonZero
        advertisedMSS = try c.decodeIfPresent(Int.self, forKey: .advertisedMSS).nonZero
        priority = try c.decodeIfPresent(Int.self, forKey: .priority).nonZero
        table = try c.decodeIfPresent(Int.self, forKey: .table)
        scope = try c.decodeIfPresent(Int.self, forKey: .scope)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(destination, forKey: .destination)
        try c.encodeIfPresent(gateway, forKey: .gateway)
        try c.encodeIfPresent(mtu.nonZero, forKey: .mtu)
        try c.encodeIfPresent(advertisedMSS.nonZero, forKey: .advertisedMSS)
        try c.encodeIfPresent(priority.nonZero, forKey: .priority)
        try c.encodeIfPresent(table, forKey: .table)
        try c.encodeIfPresent(scope, forKey: .scope)
    }
}

/// DNS settings (`dns` in configurations and results).
public struct DNS: Codable, Sendable, Hashable {
    /// Name servers, in priority order.
    public var nameservers: [String]
    /// The local domain.
    public var domain: String?
    /// Search domains.
    public var search: [String]
    /// resolv.conf options.
    public var options: [String]

    /// Creates DNS settings.
    public init(nameservers: [String] = [], domain: String? = nil, search: [String] = [], options: [String] = []) {
        self.nameservers = nameservers
        self.domain = domain
        self.search = search
        self.options = options
    }

    /// Whether nothing is set.
    public var isEmpty: Bool { nameservers.isEmpty && domain == nil && search.isEmpty && options.isEmpty }

    enum CodingKeys: String, CodingKey { case nameservers, domain, search, options }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nameservers = try c.decodeIfPresent([String].self, forKey: .nameservers) ?? []
        domain = try c.decodeIfPresent(String.self, forKey: .domain).nonEmpty
        search = try c.decodeIfPresent([String].self, forKey: .search) ?? []
        options = try c.decodeIfPresent([String].self, forKey: .options) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !nameservers.isEmpty { try c.encode(nameservers, forKey: .nameservers) }
        try c.encodeIfPresent(domain, forKey: .domain)
        if !search.isEmpty { try c.encode(search, forKey: .search) }
        if !options.isEmpty { try c.encode(options, forKey: .options) }
    }
}

extension Optional where Wrapped == String {
    /// `nil` for an empty string: Go's `omitempty` treats "" as absent.
    var nonEmpty: String? { self?.isEmpty == false ? self : nil }
}

extension Optional where Wrapped == Int {
    /// `nil` for zero: Go's `omitempty` treats 0 as absent.
    var nonZero: Int? { self == 0 ? nil : self }
}

extension KeyedDecodingContainer {
    /// An optional address where Go's `net.IP` also accepts `""` as "no address".
    func decodeOptionalAddress(forKey key: Key) throws -> IPAddress? {
        guard let text = try decodeIfPresent(String.self, forKey: key), !text.isEmpty else { return nil }
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "invalid IP address \"\(text)\"")
        }
        return address
    }
}
