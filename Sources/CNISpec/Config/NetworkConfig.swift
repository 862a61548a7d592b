/// One plugin's configuration, as a plugin receives it on stdin (the spec's "plugin configuration
/// object"): the well-known keys decoded, and the whole object kept, so that keys this code does
/// not know survive every round trip.
public struct NetworkConfig: Sendable, Hashable {
    /// The complete object, including keys not modelled here.
    public var raw: JSONObject

    /// Decodes the well-known keys from an object. Nothing is validated here beyond types: the
    /// skel and the runtime each check what they need (version, name) with their own error codes.
    public init(_ raw: JSONObject) throws(CNIError) {
        self.raw = raw
        do {
            try Self.checkWellKnownKeys(JSONFields(.object(raw)))
        } catch {
            throw CNIError.wrapping(error, context: "error parsing configuration")
        }
    }

    /// Parses JSON bytes; the top level must be an object.
    public init(bytes: some Collection<UInt8>) throws(CNIError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw CNIError(.decodingFailure, "error parsing configuration: \(error)")
        }
        guard case .object(let object) = value else {
            throw CNIError(.decodingFailure, "error parsing configuration: expected an object, got \(value.kindDescription)")
        }
        try self.init(object)
    }

    private func string(_ key: String) -> String {
        raw.value(forGoField: key)?.stringValue ?? ""
    }

    /// `cniVersion` as written; empty if absent.
    public var cniVersionString: String { string("cniVersion") }
    /// `name`.
    public var name: String { string("name") }
    /// `type`: the plugin binary's name.
    public var type: String { string("type") }

    /// The declared capabilities that are enabled.
    public var capabilities: Set<String> {
        guard case .object(let object)? = raw.value(forGoField: "capabilities") else { return [] }
        return Set(object.members.filter { $0.value == .bool(true) }.map(\.key))
    }

    /// The `ipam` object, if any.
    public var ipam: JSONObject? { raw.value(forGoField: "ipam")?.objectValue }
    /// `ipam.type`, empty if absent.
    public var ipamType: String { ipam?.value(forGoField: "type")?.stringValue ?? "" }

    /// The `dns` object decoded.
    public var dns: DNS? {
        guard let value = raw.value(forGoField: "dns"), !value.isNull else { return nil }
        return try? JSONValueDecoder().decode(DNS.self, from: value)
    }

    /// The raw `prevResult`, if any.
    public var rawPrevResult: JSONValue? {
        guard let value = raw.value(forGoField: "prevResult"), !value.isNull else { return nil }
        return value
    }

    /// The `prevResult` parsed as the configuration's version, as Go's `version.ParsePrevResult`
    /// does (a missing `cniVersion` inside it is taken from the configuration).
    public func prevResult(version: CNIVersion) throws(CNIError) -> AnyCNIResult? {
        guard case .object(var object)? = rawPrevResult else {
            if rawPrevResult == nil { return nil }
            throw CNIError(.decodingFailure, "could not parse prevResult: expected an object")
        }
        if (object.value(forGoField: "cniVersion")?.stringValue ?? "").isEmpty {
            object["cniVersion"] = .string(version.rawValue)
        }
        return try AnyCNIResult(json: .object(object), as: version)
    }

    /// The `runtimeConfig` object decoded; empty when absent.
    public func runtimeConfig() throws(CNIError) -> RuntimeConfig {
        do {
            return try RuntimeConfig(from: raw)
        } catch {
            throw CNIError.wrapping(error, context: "error parsing runtimeConfig")
        }
    }

    /// `cni.dev/valid-attachments`, given with GC.
    public func validAttachments() throws(CNIError) -> [GCAttachment] {
        guard let value = raw["cni.dev/valid-attachments"] ?? raw["cni.dev/attachments"] else { return [] }
        do {
            return try JSONValueDecoder().decode([GCAttachment].self, from: value)
        } catch {
            throw CNIError.wrapping(error, context: "error parsing cni.dev/valid-attachments")
        }
    }

    /// Decodes the whole configuration as a plugin's own type.
    public func decode<T: Decodable>(_ type: T.Type) throws(CNIError) -> T {
        do {
            return try JSONValueDecoder().decode(type, from: .object(raw))
        } catch {
            throw CNIError.wrapping(error, context: "invalid configuration")
        }
    }

    /// Reads the whole configuration as a plugin's own type through ``JSONFields`` (which says
    /// why a plugin on every container's path prefers it to `decode(_:)`); errors as `decode(_:)`'s.
    public func read<T>(_ reader: (JSONFields) throws -> T) throws(CNIError) -> T {
        do {
            return try reader(JSONFields(.object(raw)))
        } catch {
            throw CNIError.wrapping(error, context: "invalid configuration")
        }
    }

    /// The configuration as compact JSON bytes.
    public var bytes: [UInt8] { JSONSerializer.serialize(.object(raw)) }
}

/// The common keys with their Go types, decoded once to check them.
extension NetworkConfig {
    /// The keys every plugin reads must have their types (Go's `types.NetConf`), whatever else
    /// the configuration holds.
    private static func checkWellKnownKeys(_ fields: JSONFields) throws {
        _ = try fields.string("cniVersion")
        _ = try fields.string("name")
        _ = try fields.string("type")
        _ = try fields.boolMap("capabilities")
        _ = try fields.fields("ipam")?.string("type")
        _ = try fields.fields("dns").map(DNS.init(fields:))
        _ = try fields.fields("prevResult")
    }
}

/// An attachment a runtime still considers valid (GC input).
public struct GCAttachment: Codable, Sendable, Hashable {
    public var containerID: String
    public var interfaceName: String

    public init(containerID: String, interfaceName: String) {
        self.containerID = containerID
        self.interfaceName = interfaceName
    }

    enum CodingKeys: String, CodingKey {
        case containerID
        case interfaceName = "ifname"
    }
}
