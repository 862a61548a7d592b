public import NetAddress

/// An address in a 0.3.x/0.4.0 result, which also names its family.
public struct IPConfig040: Codable, Sendable, Hashable {
    /// `"4"` or `"6"`, kept as written: Go's down-conversion trusts this field, not the address.
    public var version: String
    /// The index into `interfaces`.
    public var interface: Int?
    /// The address with its prefix length.
    public var address: IPPrefix
    /// The gateway, if any.
    public var gateway: IPAddress?

    /// Creates an address entry.
    public init(version: String, interface: Int? = nil, address: IPPrefix, gateway: IPAddress? = nil) {
        self.version = version
        self.interface = interface
        self.address = address
        self.gateway = gateway
    }

    enum CodingKeys: String, CodingKey { case version, interface, address, gateway }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? ""
        interface = try c.decodeIfPresent(Int.self, forKey: .interface)
        address = try c.decode(IPPrefix.self, forKey: .address)
        gateway = try c.decodeOptionalAddress(forKey: .gateway)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(interface, forKey: .interface)
        try c.encode(address, forKey: .address)
        try c.encodeIfPresent(gateway, forKey: .gateway)
    }
}

/// A result in the shape of versions 0.3.0, 0.3.1 and 0.4.0.
public struct Result040: Codable, Sendable, Hashable {
    /// 0.3.0, 0.3.1 or 0.4.0.
    public var cniVersion: CNIVersion
    /// Interfaces (only `name`, `mac` and `sandbox` exist in these versions).
    public var interfaces: [Interface]
    /// Addresses.
    public var ips: [IPConfig040]
    /// Routes (written with `dst` and `gw` only, the attributes these versions have).
    public var routes: [Route]
    /// DNS settings; always written, even when empty, as Go writes it.
    public var dns: DNS

    /// Creates a result.
    public init(cniVersion: CNIVersion = .v0_4_0, interfaces: [Interface] = [], ips: [IPConfig040] = [],
                routes: [Route] = [], dns: DNS = DNS()) {
        self.cniVersion = cniVersion
        self.interfaces = interfaces.map(Self.strip)
        self.ips = ips
        self.routes = routes
        self.dns = dns
    }

    /// Drops the interface attributes that 0.x results do not have.
    static func strip(_ interface: Interface) -> Interface {
        Interface(name: interface.name, mac: interface.mac, sandbox: interface.sandbox)
    }

    enum CodingKeys: String, CodingKey { case cniVersion, interfaces, ips, routes, dns }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decodeIfPresent(String.self, forKey: .cniVersion) ?? ""
        guard let parsed = CNIVersion(rawValue: version), parsed.resultFormat == .v0_4 else {
            throw CNIError(.decodingFailure,
                           "result type supports [0.3.0 0.3.1 0.4.0] but unmarshalled CNIVersion is \"\(version)\"")
        }
        cniVersion = parsed
        interfaces = (try c.decodeIfPresent([Interface].self, forKey: .interfaces) ?? []).map(Self.strip)
        ips = try c.decodeIfPresent([IPConfig040].self, forKey: .ips) ?? []
        routes = try c.decodeIfPresent([Route].self, forKey: .routes) ?? []
        dns = try c.decodeIfPresent(DNS.self, forKey: .dns) ?? DNS()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cniVersion, forKey: .cniVersion)
        if !interfaces.isEmpty { try c.encode(interfaces, forKey: .interfaces) }
        if !ips.isEmpty { try c.encode(ips, forKey: .ips) }
        if !routes.isEmpty { try c.encode(routes.map(\.withoutNewerAttributes), forKey: .routes) }
        try c.encode(dns, forKey: .dns)
    }
}
