public import NetAddress

/// An address assigned to an interface (`ips` in a 1.x result).
public struct IPConfig: Codable, Sendable, Hashable {
    /// The index into the result's `interfaces` of the interface holding the address.
    public var interface: Int?
    /// The address with its prefix length.
    public var address: IPPrefix
    /// The default gateway for this subnet, if any.
    public var gateway: IPAddress?

    /// Creates an address entry.
    public init(interface: Int? = nil, address: IPPrefix, gateway: IPAddress? = nil) {
        self.interface = interface
        self.address = address
        self.gateway = gateway
    }

    enum CodingKeys: String, CodingKey { case interface, address, gateway }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        interface = try c.decodeIfPresent(Int.self, forKey: .interface)
        address = try c.decode(IPPrefix.self, forKey: .address)
        gateway = try c.decodeOptionalAddress(forKey: .gateway)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(interface, forKey: .interface)
        try c.encode(address, forKey: .address)
        try c.encodeIfPresent(gateway, forKey: .gateway)
    }
}

/// A result in the shape of versions 1.0.0 and 1.1.0: what plugins build and return.
public struct Result100: Codable, Sendable, Hashable {
    /// 1.0.0 or 1.1.0.
    public var cniVersion: CNIVersion
    /// Interfaces created or configured.
    public var interfaces: [Interface]
    /// Addresses assigned.
    public var ips: [IPConfig]
    /// Routes installed.
    public var routes: [Route]
    /// DNS settings for the container.
    public var dns: DNS

    /// Creates a result (by default of the newest version).
    public init(cniVersion: CNIVersion = .current, interfaces: [Interface] = [], ips: [IPConfig] = [],
                routes: [Route] = [], dns: DNS = DNS()) {
        self.cniVersion = cniVersion
        self.interfaces = interfaces
        self.ips = ips
        self.routes = routes
        self.dns = dns
    }

    enum CodingKeys: String, CodingKey { case cniVersion, interfaces, ips, routes, dns }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decodeIfPresent(String.self, forKey: .cniVersion) ?? ""
        guard let parsed = CNIVersion(rawValue: version), parsed.resultFormat == .v1 else {
            throw CNIError(.decodingFailure,
                           "result type supports [1.0.0 1.1.0] but unmarshalled CNIVersion is \"\(version)\"")
        }
        cniVersion = parsed
        interfaces = try c.decodeIfPresent([Interface].self, forKey: .interfaces) ?? []
        ips = try c.decodeIfPresent([IPConfig].self, forKey: .ips) ?? []
        routes = try c.decodeIfPresent([Route].self, forKey: .routes) ?? []
        dns = try c.decodeIfPresent(DNS.self, forKey: .dns) ?? DNS()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cniVersion, forKey: .cniVersion)
        // A 1.0.0 result carries only what 1.0.0 defines; 1.1.0 adds interface and route attributes.
        let isCurrent = cniVersion >= .v1_1_0
        if !interfaces.isEmpty {
            try c.encode(isCurrent ? interfaces : interfaces.map(\.withoutNewerAttributes), forKey: .interfaces)
        }
        if !ips.isEmpty { try c.encode(ips, forKey: .ips) }
        if !routes.isEmpty { try c.encode(isCurrent ? routes : routes.map(\.withoutNewerAttributes), forKey: .routes) }
        // Go writes `"dns": {}` in results up to 1.0.0; since 1.1.0 libcni leaves an empty one out.
        if !dns.isEmpty || !isCurrent { try c.encode(dns, forKey: .dns) }
    }
}
