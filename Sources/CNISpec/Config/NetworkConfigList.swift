/// A network configuration list (a `.conflist`): a named network whose plugins run in order.
public struct NetworkConfigList: Sendable, Hashable {
    /// The network name.
    public var name: String
    /// The version chosen for this list: the highest of `cniVersion` and `cniVersions` that is
    /// not newer than ours, as written (it may still be one we do not support).
    public var cniVersion: String
    /// Whether runtimes must skip CHECK.
    public var disableCheck: Bool
    /// Whether runtimes must skip GC.
    public var disableGC: Bool
    /// Whether plugins come only from `plugins`, not from files in a directory named after the network.
    public var loadOnlyInlinedPlugins: Bool
    /// The plugins in order, each with its own raw configuration.
    public var plugins: [NetworkConfig]
    /// The original bytes (cached with results, as Go's libcni does).
    public var bytes: [UInt8]

    /// Parses a configuration list as Go's libcni `NetworkConfFromBytes` does.
    public init(bytes: [UInt8]) throws(CNIError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw CNIError(.decodingFailure, "error parsing configuration list: \(error)")
        }
        guard case .object(let raw) = value else {
            throw CNIError(.decodingFailure, "error parsing configuration list: expected an object")
        }
        self.bytes = bytes
        // Go reads these keys from a map: exact, case-sensitive names.
        guard let rawName = raw["name"] else {
            throw CNIError(.invalidNetworkConfig, "error parsing configuration list: no name")
        }
        guard case .string(let name) = rawName else {
            throw CNIError(.invalidNetworkConfig, "error parsing configuration list: invalid name type \(rawName.kindDescription)")
        }
        self.name = name
        var version = ""
        if let rawVersion = raw["cniVersion"] {
            guard case .string(let v) = rawVersion else {
                throw CNIError(.invalidNetworkConfig, "error parsing configuration list: invalid cniVersion type")
            }
            version = v
        }
        if let rawVersions = raw["cniVersions"] {
            version = try Self.chooseVersion(declared: version, versions: rawVersions)
        }
        cniVersion = version
        disableCheck = try Self.readBool(raw, "disableCheck")
        disableGC = try Self.readBool(raw, "disableGC")
        loadOnlyInlinedPlugins = try Self.readBool(raw, "loadOnlyInlinedPlugins")
        plugins = []
        guard let rawPlugins = raw["plugins"] else {
            if loadOnlyInlinedPlugins {
                throw CNIError(.invalidNetworkConfig,
                               "error parsing configuration list: `loadOnlyInlinedPlugins` is true, and no 'plugins' key")
            }
            return
        }
        guard case .array(let elements) = rawPlugins else {
            throw CNIError(.invalidNetworkConfig, "error parsing configuration list: invalid 'plugins' type")
        }
        guard !elements.isEmpty else {
            throw CNIError(.invalidNetworkConfig, "error parsing configuration list: no plugins in list")
        }
        for (index, element) in elements.enumerated() {
            plugins.append(try Self.pluginConfig(element, index: index))
        }
    }

    /// A list made of one plugin configuration (a `.conf` file), as Go's `ConfListFromConf` does.
    public init(single config: NetworkConfig, bytes: [UInt8]) {
        name = config.name
        cniVersion = config.cniVersionString
        disableCheck = false
        disableGC = false
        loadOnlyInlinedPlugins = true
        plugins = [config]
        self.bytes = bytes
    }

    /// Parses one entry of `plugins`; it must be an object with a `type`.
    static func pluginConfig(_ value: JSONValue, index: Int) throws(CNIError) -> NetworkConfig {
        guard case .object(let object) = value else {
            throw CNIError(.invalidNetworkConfig, "failed to parse plugin config \(index): expected an object")
        }
        let config: NetworkConfig
        do {
            config = try NetworkConfig(object)
        } catch {
            throw CNIError(error.code, "failed to parse plugin config \(index): \(error.message)", details: error.details)
        }
        if config.type.isEmpty {
            throw CNIError(.invalidNetworkConfig, "failed to parse plugin config \(index): missing 'type'")
        }
        return config
    }

    /// The highest version among `cniVersion` and `cniVersions` that is not newer than ours.
    static func chooseVersion(declared: String, versions: JSONValue) throws(CNIError) -> String {
        guard case .array(let elements) = versions else {
            throw CNIError(.invalidNetworkConfig, "error parsing configuration list: invalid type for cniVersions")
        }
        var candidates: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let v) = element else {
                throw CNIError(.invalidNetworkConfig,
                               "error parsing configuration list: invalid type for cniVersions index \(index)")
            }
            guard let order = CNIVersion.compare(v, CNIVersion.current.rawValue) else {
                throw CNIError(.invalidNetworkConfig,
                               "error parsing configuration list: invalid cniVersions entry \(v) at index \(index)")
            }
            if order <= 0 { candidates.append(v) }
        }
        if !declared.isEmpty {
            guard let order = CNIVersion.compare(declared, CNIVersion.current.rawValue) else {
                throw CNIError(.invalidNetworkConfig, "error parsing configuration list: invalid cniVersion \(declared)")
            }
            if order <= 0 { candidates.append(declared) }
        }
        let best = candidates.max { (CNIVersion.compare($0, $1) ?? 0) < 0 }
        return best ?? declared
    }

    /// A Boolean that may also be written as the string "true"/"false" (any case).
    static func readBool(_ raw: JSONObject, _ key: String) throws(CNIError) -> Bool {
        switch raw[key] {
        case nil: return false
        case .bool(let b)?: return b
        case .string(let s)?:
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: throw CNIError(.invalidNetworkConfig, "error parsing configuration list: invalid value \"\(s)\" for \(key)")
            }
        case let other?:
            throw CNIError(.invalidNetworkConfig,
                           "error parsing configuration list: invalid type \(other.kindDescription) for \(key)")
        }
    }
}
