public import CNISpec

/// The operations a runtime (or a plugin delegating to IPAM) performs on a plugin binary.
public struct PluginCalls: Sendable {
    public let executor: any PluginExecutor

    public init(executor: any PluginExecutor) { self.executor = executor }

    /// Runs ADD (or any call that returns a result) and parses the result.
    ///
    /// As in Go's libcni, a result without `cniVersion` takes the configuration's; the result is
    /// then parsed in the version it declares.
    public func callWithResult(pluginAt path: String, config: [UInt8], environment: [String]) throws(CNIError)
        -> AnyCNIResult
    {
        let stdout = try executor.run(pluginAt: path, stdin: config, environment: environment)
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(stdout)
        } catch {
            throw CNIError(.decodingFailure, "failed to unmarshal raw result: \(error)")
        }
        guard case .object(var object) = parsed else {
            throw CNIError(.decodingFailure, "failed to unmarshal raw result: expected an object")
        }
        if (object["cniVersion"]?.stringValue ?? "").isEmpty {
            object["cniVersion"] = .string(Self.configVersion(config))
        }
        let declared = object["cniVersion"]?.stringValue ?? ""
        guard let version = CNIVersion(parsing: declared) else {
            throw CNIError(.incompatibleVersion, "unsupported CNI result version \"\(declared)\"")
        }
        return try AnyCNIResult(json: .object(object), as: version)
    }

    /// Runs a call that returns nothing (CHECK, DEL, GC, STATUS).
    public func callWithoutResult(pluginAt path: String, config: [UInt8], environment: [String]) throws(CNIError) {
        _ = try executor.run(pluginAt: path, stdin: config, environment: environment)
    }

    /// Asks a plugin which versions it supports (VERSION). A plugin that does not know VERSION
    /// is taken to support 0.1.0 only, as Go does.
    public func versionInfo(pluginAt path: String, environment: [String]) throws(CNIError) -> PluginVersionInfo {
        let arguments = PluginCallArguments(command: .version, netns: "dummy", interfaceName: "dummy", path: ["dummy"])
        let stdin = Array("{\"cniVersion\":\"\(CNIVersion.current.rawValue)\"}".utf8)
        let stdout: [UInt8]
        do {
            stdout = try executor.run(pluginAt: path, stdin: stdin, environment: arguments.environment(base: environment))
        } catch {
            if error.message == "unknown CNI_COMMAND: VERSION" {
                return PluginVersionInfo(cniVersion: "0.1.0", supportedVersions: ["0.1.0"])
            }
            throw error
        }
        return try PluginVersionInfo(bytes: stdout)
    }

    /// The `cniVersion` of a configuration ("0.1.0" when absent).
    static func configVersion(_ config: [UInt8]) -> String {
        let version = (try? JSONParser.parse(config))?.objectValue?.value(forGoField: "cniVersion")?.stringValue ?? ""
        return version.isEmpty ? "0.1.0" : version
    }
}

/// A plugin's answer to VERSION.
public struct PluginVersionInfo: Sendable, Hashable {
    public var cniVersion: String
    public var supportedVersions: [String]

    public init(cniVersion: String, supportedVersions: [String]) {
        self.cniVersion = cniVersion
        self.supportedVersions = supportedVersions
    }

    /// Decodes the answer; a 0.2.0 plugin may omit `supportedVersions`.
    public init(bytes: [UInt8]) throws(CNIError) {
        guard let value = try? JSONParser.parse(bytes), case .object(let object) = value else {
            throw CNIError(.decodingFailure, "decoding version info: invalid JSON")
        }
        let version = object.value(forGoField: "cniVersion")?.stringValue ?? ""
        if version.isEmpty { throw CNIError(.decodingFailure, "decoding version info: missing field cniVersion") }
        let versions = object.value(forGoField: "supportedVersions")?.arrayValue?.compactMap(\.stringValue) ?? []
        if versions.isEmpty {
            guard version == "0.2.0" else {
                throw CNIError(.decodingFailure, "decoding version info: missing field supportedVersions")
            }
            self.init(cniVersion: version, supportedVersions: ["0.1.0", "0.2.0"])
            return
        }
        self.init(cniVersion: version, supportedVersions: versions)
    }

    /// The JSON a plugin prints for VERSION.
    public var jsonValue: JSONValue {
        ["cniVersion": .string(cniVersion), "supportedVersions": .array(supportedVersions.map { .string($0) })]
    }
}
