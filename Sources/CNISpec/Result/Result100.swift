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

    // Codable goes through the two below: one description of the format.
    public init(from decoder: any Decoder) throws { try self.init(fields: JSONFields(decoding: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue.encodeWhole(to: encoder) }

    /// Reads an address entry.
    public init(fields: JSONFields) throws {
        interface = try fields.int("interface")
        address = try fields.requiredPrefix("address")
        gateway = try fields.address("gateway")
    }

    /// The entry as JSON.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.set("interface", interface.map { .number(JSONNumber($0)) })
        object["address"] = .string(address.description)
        object.set("gateway", gateway.map { .string($0.description) })
        return .object(object)
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

    // Codable goes through the two below: one description of the format.
    public init(from decoder: any Decoder) throws { try self.init(fields: JSONFields(decoding: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue.encodeWhole(to: encoder) }

    /// Reads a result; its `cniVersion` must be 1.0.0 or 1.1.0.
    public init(fields: JSONFields) throws {
        let version = try fields.string("cniVersion") ?? ""
        guard let parsed = CNIVersion(rawValue: version), parsed.resultFormat == .v1 else {
            throw CNIError(.decodingFailure,
                           "result type supports [1.0.0 1.1.0] but unmarshalled CNIVersion is \"\(version)\"")
        }
        cniVersion = parsed
        interfaces = try fields.objects("interfaces", Interface.init(fields:)) ?? []
        ips = try fields.objects("ips", IPConfig.init(fields:)) ?? []
        routes = try fields.objects("routes", Route.init(fields:)) ?? []
        dns = try fields.fields("dns").map(DNS.init(fields:)) ?? DNS()
    }

    /// The result as JSON, in its version's shape.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["cniVersion": .string(cniVersion.rawValue)]
        // A 1.0.0 result carries only what 1.0.0 defines; 1.1.0 adds interface and route attributes.
        let isCurrent = cniVersion >= .v1_1_0
        if !interfaces.isEmpty {
            object["interfaces"] = .array(interfaces.map { (isCurrent ? $0 : $0.withoutNewerAttributes).jsonValue })
        }
        if !ips.isEmpty { object["ips"] = .array(ips.map(\.jsonValue)) }
        if !routes.isEmpty {
            object["routes"] = .array(routes.map { (isCurrent ? $0 : $0.withoutNewerAttributes).jsonValue })
        }
        // Go writes `"dns": {}` in results up to 1.0.0; since 1.1.0 libcni leaves an empty one out.
        if !dns.isEmpty || !isCurrent { object["dns"] = dns.jsonValue }
        return .object(object)
    }
}
