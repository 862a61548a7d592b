import NetAddress

/// A result of any version, in the shape that version defines.
///
/// Conversions between versions behave as Go's libcni's converters do, including what they drop
/// (0.2.0 keeps one address per family) and what they refuse (a 0.2.0 result needs an address).
public enum AnyCNIResult: Sendable, Hashable {
    case v0_2(Result020)
    case v0_4(Result040)
    case v1(Result100)

    /// The version the result claims.
    public var version: CNIVersion {
        switch self {
        case .v0_2(let r): r.cniVersion
        case .v0_4(let r): r.cniVersion
        case .v1(let r): r.cniVersion
        }
    }

    /// Parses a result as version `version` (Go's `create.Create`): the document's own
    /// `cniVersion` must be one of the versions sharing that shape.
    public init(json: JSONValue, as version: CNIVersion) throws(CNIError) {
        do {
            let decoder = JSONValueDecoder()
            switch version.resultFormat {
            case .v0_2: self = .v0_2(try decoder.decode(Result020.self, from: json))
            case .v0_4: self = .v0_4(try decoder.decode(Result040.self, from: json))
            // The current shape, on every plugin call's path, skips Codable (see JSONFields).
            case .v1: self = .v1(try Result100(fields: JSONFields(json)))
            }
        } catch {
            throw CNIError.wrapping(error, context: "could not parse result")
        }
    }

    /// Parses a result in the version it declares (Go's `create.CreateFromBytes`); a missing
    /// `cniVersion` means 0.1.0.
    public init(json: JSONValue) throws(CNIError) {
        let declared = json.objectValue?.value(forGoField: "cniVersion")?.stringValue ?? ""
        guard let version = CNIVersion(parsing: declared) else {
            throw CNIError(.incompatibleVersion, "unsupported CNI result version \"\(declared)\"")
        }
        try self.init(json: json, as: version)
    }

    /// The result as a JSON value.
    public var jsonValue: JSONValue {
        let encoder = JSONValueEncoder()
        // Encoding these types cannot fail: every member is a plain value.
        switch self {
        case .v0_2(let r): return (try? encoder.encode(r)) ?? .null
        case .v0_4(let r): return (try? encoder.encode(r)) ?? .null
        case .v1(let r): return r.jsonValue
        }
    }

    /// The result converted to `target`.
    public func converted(to target: CNIVersion) throws(CNIError) -> AnyCNIResult {
        if target == version { return self }
        switch (self, target.resultFormat) {
        case (.v0_2(var r), .v0_2):
            r.cniVersion = target
            return .v0_2(r)
        case (.v0_2(let r), .v0_4):
            return .v0_4(ResultConversion.upgrade(r, to: target))
        case (.v0_2(let r), .v1):
            return .v1(ResultConversion.upgrade(ResultConversion.upgrade(r, to: .v0_4_0), to: target))
        case (.v0_4(var r), .v0_4):
            r.cniVersion = target
            return .v0_4(r)
        case (.v0_4(let r), .v0_2):
            return .v0_2(try ResultConversion.downgrade(r, to: target))
        case (.v0_4(let r), .v1):
            return .v1(ResultConversion.upgrade(r, to: target))
        case (.v1(var r), .v1):
            r.cniVersion = target
            return .v1(r)
        case (.v1(let r), .v0_4):
            return .v0_4(ResultConversion.downgrade(r, to: target))
        case (.v1(let r), .v0_2):
            return .v0_2(try ResultConversion.downgrade(ResultConversion.downgrade(r, to: .v0_4_0), to: target))
        }
    }

    /// The result in the 1.x shape (of version 1.1.0 unless it already is 1.x).
    public func asCurrent() throws(CNIError) -> Result100 {
        guard case .v1(let r) = try converted(to: version.resultFormat == .v1 ? version : .current) else {
            throw CNIError(.internal, "result conversion produced the wrong shape")
        }
        return r
    }
}

/// The individual conversion steps, one per pair of adjacent shapes.
enum ResultConversion {
    /// 0.2 → 0.4: each family's address becomes an `ips` entry; their routes join `routes`.
    static func upgrade(_ r: Result020, to target: CNIVersion) -> Result040 {
        var ips: [IPConfig040] = []
        var routes: [Route] = []
        if let ip4 = r.ip4 {
            ips.append(IPConfig040(version: "4", address: ip4.ip, gateway: ip4.gateway))
            routes += ip4.routes
        }
        if let ip6 = r.ip6 {
            ips.append(IPConfig040(version: "6", address: ip6.ip, gateway: ip6.gateway))
            routes += ip6.routes
        }
        return Result040(cniVersion: target, ips: ips, routes: routes, dns: r.dns)
    }

    /// 0.4 → 0.2: the first address of each family (by its `version` field) and the routes of the
    /// families that have one; an error when no address remains.
    static func downgrade(_ r: Result040, to target: CNIVersion) throws(CNIError) -> Result020 {
        var result = Result020(cniVersion: target, dns: r.dns)
        for ip in r.ips {
            if ip.version == "4" && result.ip4 == nil {
                result.ip4 = IPConfig020(ip: ip.address, gateway: ip.gateway)
            } else if ip.version == "6" && result.ip6 == nil {
                result.ip6 = IPConfig020(ip: ip.address, gateway: ip.gateway)
            }
            if result.ip4 != nil && result.ip6 != nil { break }
        }
        for route in r.routes {
            let plain = Route(destination: route.destination, gateway: route.gateway)
            if route.destination.family == .v4 {
                result.ip4?.routes.append(plain)
            } else {
                result.ip6?.routes.append(plain)
            }
        }
        if result.ip4 == nil && result.ip6 == nil {
            throw CNIError(.incompatibleVersion, "cannot convert: no valid IP addresses")
        }
        return result
    }

    /// 0.4 → 1.x: `version` fields dropped.
    static func upgrade(_ r: Result040, to target: CNIVersion) -> Result100 {
        Result100(
            cniVersion: target, interfaces: r.interfaces,
            ips: r.ips.map { IPConfig(interface: $0.interface, address: $0.address, gateway: $0.gateway) },
            routes: r.routes, dns: r.dns)
    }

    /// 1.x → 0.4: `version` derived from each address; the attributes 1.1.0 added are not written.
    static func downgrade(_ r: Result100, to target: CNIVersion) -> Result040 {
        Result040(
            cniVersion: target, interfaces: r.interfaces,
            ips: r.ips.map {
                IPConfig040(version: $0.address.family == .v4 ? "4" : "6", interface: $0.interface,
                            address: $0.address, gateway: $0.gateway)
            },
            routes: r.routes, dns: r.dns)
    }
}
