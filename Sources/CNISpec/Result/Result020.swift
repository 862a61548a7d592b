public import NetAddress

/// The address of one family in a 0.1.0/0.2.0 result, with that family's routes.
public struct IPConfig020: Codable, Sendable, Hashable {
    /// The address with its prefix length.
    public var ip: IPPrefix
    /// The gateway, if any.
    public var gateway: IPAddress?
    /// Routes of this family (only `dst` and `gw` exist in these versions).
    public var routes: [Route]

    /// Creates an address entry.
    public init(ip: IPPrefix, gateway: IPAddress? = nil, routes: [Route] = []) {
        self.ip = ip
        self.gateway = gateway
        self.routes = routes.map { Route(destination: $0.destination, gateway: $0.gateway) }
    }

    enum CodingKeys: String, CodingKey { case ip, gateway, routes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ip = try c.decode(IPPrefix.self, forKey: .ip)
        gateway = try c.decodeOptionalAddress(forKey: .gateway)
        routes = (try c.decodeIfPresent([Route].self, forKey: .routes) ?? [])
            .map { Route(destination: $0.destination, gateway: $0.gateway) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ip, forKey: .ip)
        try c.encodeIfPresent(gateway, forKey: .gateway)
        if !routes.isEmpty { try c.encode(routes, forKey: .routes) }
    }
}

/// A result in the shape of versions 0.1.0 and 0.2.0: at most one address per family.
public struct Result020: Codable, Sendable, Hashable {
    /// 0.1.0 or 0.2.0.
    public var cniVersion: CNIVersion
    /// The IPv4 configuration.
    public var ip4: IPConfig020?
    /// The IPv6 configuration.
    public var ip6: IPConfig020?
    /// DNS settings; always written.
    public var dns: DNS

    /// Creates a result.
    public init(cniVersion: CNIVersion = .v0_2_0, ip4: IPConfig020? = nil, ip6: IPConfig020? = nil, dns: DNS = DNS()) {
        self.cniVersion = cniVersion
        self.ip4 = ip4
        self.ip6 = ip6
        self.dns = dns
    }

    enum CodingKeys: String, CodingKey { case cniVersion, ip4, ip6, dns }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decodeIfPresent(String.self, forKey: .cniVersion) ?? ""
        // The first spec had no version field: an empty one is 0.1.0.
        guard let parsed = CNIVersion(parsing: version), parsed.resultFormat == .v0_2 else {
            throw CNIError(.decodingFailure,
                           "result type supports [ 0.1.0 0.2.0] but unmarshalled CNIVersion is \"\(version)\"")
        }
        cniVersion = parsed
        ip4 = try c.decodeIfPresent(IPConfig020.self, forKey: .ip4)
        ip6 = try c.decodeIfPresent(IPConfig020.self, forKey: .ip6)
        dns = try c.decodeIfPresent(DNS.self, forKey: .dns) ?? DNS()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cniVersion, forKey: .cniVersion)
        try c.encodeIfPresent(ip4, forKey: .ip4)
        try c.encodeIfPresent(ip6, forKey: .ip6)
        try c.encode(dns, forKey: .dns)
    }
}
