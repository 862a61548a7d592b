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

    // Codable goes through the two below: one description of the format.
    public init(from decoder: any Decoder) throws { try self.init(fields: JSONFields(decoding: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue.encodeWhole(to: encoder) }

    /// Reads an interface entry.
    public init(fields: JSONFields) throws {
        name = try fields.string("name") ?? ""
        mac = try fields.string("mac").nonEmpty
        mtu = try fields.int("mtu").nonZero
        sandbox = try fields.string("sandbox").nonEmpty
        socketPath = try fields.string("socketPath").nonEmpty
        pciID = try fields.string("pciID").nonEmpty
    }

    /// The entry as JSON, without the attributes Go leaves out when empty.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["name": .string(name)]
        object.set("mac", nonEmpty: mac)
        object.set("mtu", nonZero: mtu)
        object.set("sandbox", nonEmpty: sandbox)
        object.set("socketPath", nonEmpty: socketPath)
        object.set("pciID", nonEmpty: pciID)
        return .object(object)
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

    // Codable goes through the two below: one description of the format.
    public init(from decoder: any Decoder) throws { try self.init(fields: JSONFields(decoding: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue.encodeWhole(to: encoder) }

    /// Reads a route.
    public init(fields: JSONFields) throws {
        destination = try fields.requiredPrefix("dst")
        gateway = try fields.address("gw")
        mtu = try fields.int("mtu").nonZero
        advertisedMSS = try fields.int("advmss").nonZero
        priority = try fields.int("priority").nonZero
        table = try fields.int("table")
        scope = try fields.int("scope")
    }

    /// The route as JSON.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["dst": .string(destination.description)]
        object.set("gw", gateway.map { .string($0.description) })
        object.set("mtu", nonZero: mtu)
        object.set("advmss", nonZero: advertisedMSS)
        object.set("priority", nonZero: priority)
        object.set("table", table.map { .number(JSONNumber($0)) })
        object.set("scope", scope.map { .number(JSONNumber($0)) })
        return .object(object)
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

    // Codable goes through the two below: one description of the format.
    public init(from decoder: any Decoder) throws { try self.init(fields: JSONFields(decoding: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue.encodeWhole(to: encoder) }

    /// Reads DNS settings.
    public init(fields: JSONFields) throws {
        nameservers = try fields.strings("nameservers") ?? []
        domain = try fields.string("domain").nonEmpty
        search = try fields.strings("search") ?? []
        options = try fields.strings("options") ?? []
    }

    /// The settings as JSON, empty lists left out.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.set("nameservers", nonEmpty: nameservers)
        object.set("domain", domain.map { .string($0) })
        object.set("search", nonEmpty: search)
        object.set("options", nonEmpty: options)
        return .object(object)
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
