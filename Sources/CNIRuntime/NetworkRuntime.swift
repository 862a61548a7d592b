public import CNISpec
public import PluginExec
import LinuxSystem

/// The runtime side of CNI (what Go's libcni is): runs a network's plugins in order for ADD,
/// in reverse for DEL, with `prevResult` chaining, capability filtering and the result cache.
public struct NetworkRuntime: Sendable {
    /// Directories searched for plugin binaries (`CNI_PATH`).
    public var pluginPath: [String]
    /// Where results are cached.
    public var cache: ResultCache
    /// Finds and runs plugins.
    public var executor: any PluginExecutor
    /// The environment plugins inherit (without `CNI_*`, which each call sets).
    public var environment: [String]
    /// Whether a failed ADD runs DEL for the whole list, so that plugins that succeeded before the
    /// failure release what they took. Go's libcni leaves that to its caller.
    public var rollsBackFailedAdd: Bool

    public init(pluginPath: [String], cache: ResultCache = ResultCache(), executor: any PluginExecutor,
                environment: [String] = [], rollsBackFailedAdd: Bool = true) {
        self.pluginPath = pluginPath
        self.cache = cache
        self.executor = executor
        self.environment = environment
        self.rollsBackFailedAdd = rollsBackFailedAdd
    }

    private var calls: PluginCalls { PluginCalls(executor: executor) }

    // MARK: - ADD

    /// Attaches a container to a network: each plugin's ADD in order, each given the previous
    /// result; the final result is cached and returned.
    public func add(_ list: NetworkConfigList, _ attachment: RuntimeAttachment) throws(CNIError) -> AnyCNIResult {
        try NameValidation.validateContainerID(attachment.containerID)
        try NameValidation.validateNetworkName(list.name)
        try NameValidation.validateInterfaceName(attachment.interfaceName)
        var result: AnyCNIResult?
        for plugin in list.plugins {
            do {
                result = try run(.add, plugin, list: list, attachment: attachment, prevResult: result)
            } catch {
                if rollsBackFailedAdd { try? delete(list, attachment, prevResult: result) }
                throw Self.pluginFailed(plugin, "add", error)
            }
        }
        guard let result else { throw CNIError(.invalidNetworkConfig, "network \(list.name) has no plugins") }
        try cache.store(ResultCache.Entry(
            containerID: attachment.containerID, networkName: list.name, interfaceName: attachment.interfaceName,
            netns: attachment.netns, config: list.bytes, args: attachment.args,
            capabilityArgs: attachment.capabilityArgs, result: result.jsonValue))
        return result
    }

    // MARK: - CHECK

    /// Checks an attachment: every plugin's CHECK with the cached result as `prevResult`.
    public func check(_ list: NetworkConfigList, _ attachment: RuntimeAttachment) throws(CNIError) {
        let version = try Self.version(of: list)
        guard version.supports(.check) else {
            throw CNIError(.incompatibleVersion, "configuration version \"\(list.cniVersion)\" does not support the CHECK command")
        }
        if list.disableCheck { return }
        let cached = try cachedResult(list, attachment)
        for plugin in list.plugins {
            do {
                _ = try run(.check, plugin, list: list, attachment: attachment, prevResult: cached)
            } catch {
                throw Self.pluginFailed(plugin, "check", error)
            }
        }
    }

    // MARK: - DEL

    /// Detaches a container: every plugin's DEL in reverse order with the cached result, then
    /// the cache entry is removed.
    public func delete(_ list: NetworkConfigList, _ attachment: RuntimeAttachment) throws(CNIError) {
        var cached: AnyCNIResult?
        if let version = CNIVersion(parsing: list.cniVersion), version >= .v0_4_0 {
            cached = try? cachedResult(list, attachment)
        }
        try delete(list, attachment, prevResult: cached)
        cache.remove(network: list.name, containerID: attachment.containerID, interfaceName: attachment.interfaceName)
    }

    private func delete(_ list: NetworkConfigList, _ attachment: RuntimeAttachment, prevResult: AnyCNIResult?)
        throws(CNIError)
    {
        for plugin in list.plugins.reversed() {
            do {
                _ = try run(.delete, plugin, list: list, attachment: attachment, prevResult: prevResult)
            } catch {
                throw Self.pluginFailed(plugin, "delete", error)
            }
        }
    }

    // MARK: - GC and STATUS

    /// Garbage collection: DEL for every cached attachment of this network that is not in
    /// `validAttachments`, then (for 1.1.0 lists) GC on every plugin with the valid attachments.
    /// `nil` means the caller knows of none: everything is collected.
    public func garbageCollect(_ list: NetworkConfigList, validAttachments: [GCAttachment]?) throws(CNIError) {
        if list.disableGC { return }
        let valid = Set(validAttachments ?? [])
        var failures: [String] = []
        for entry in cache.entries() where entry.networkName == list.name {
            if valid.contains(GCAttachment(containerID: entry.containerID, interfaceName: entry.interfaceName)) {
                continue
            }
            let stale = RuntimeAttachment(
                containerID: entry.containerID, netns: entry.netns, interfaceName: entry.interfaceName,
                args: entry.args, capabilityArgs: entry.capabilityArgs)
            do {
                try delete(list, stale)
            } catch {
                failures.append("failed to delete stale attachment \(entry.containerID) \(entry.interfaceName): \(error)")
            }
        }
        if let version = CNIVersion(parsing: list.cniVersion), version.supports(.garbageCollect) {
            let attachments = JSONValue.array((validAttachments ?? []).compactMap { try? JSONValueEncoder().encode($0) })
            for plugin in list.plugins {
                var config = plugin.raw
                config["name"] = .string(list.name)
                config["cniVersion"] = .string(list.cniVersion)
                if validAttachments != nil {
                    config["cni.dev/valid-attachments"] = attachments
                    config["cni.dev/attachments"] = attachments
                }
                do {
                    try runBare(.garbageCollect, type: plugin.type, config: config)
                } catch {
                    failures.append("failed to GC plugin \(plugin.type): \(error)")
                }
            }
        }
        if !failures.isEmpty { throw CNIError(.internal, failures.joined(separator: "; ")) }
    }

    /// Asks every plugin whether it is ready (1.1.0 lists; older lists are always ready).
    public func status(_ list: NetworkConfigList) throws(CNIError) {
        guard let version = CNIVersion(parsing: list.cniVersion), version.supports(.status) else { return }
        for plugin in list.plugins {
            var config = plugin.raw
            config["name"] = .string(list.name)
            config["cniVersion"] = .string(list.cniVersion)
            do {
                try runBare(.status, type: plugin.type, config: config)
            } catch {
                throw Self.pluginFailed(plugin, "status", error)
            }
        }
    }

    // MARK: - Versions and the cache

    /// Checks that every plugin exists and supports the list's version; returns the enabled
    /// capabilities of all plugins (Go's `ValidateNetworkList`).
    public func validate(_ list: NetworkConfigList) throws(CNIError) -> [String] {
        var problems: [String] = []
        var capabilities = Set<String>()
        let expected = list.cniVersion.isEmpty ? "0.1.0" : list.cniVersion
        for plugin in list.plugins {
            capabilities.formUnion(plugin.capabilities)
            do {
                let info = try versionInfo(pluginType: plugin.type)
                if !info.supportedVersions.contains(expected) {
                    problems.append("plugin \(plugin.type) does not support config version \"\(expected)\"")
                }
            } catch {
                problems.append(error.description)
            }
        }
        if !problems.isEmpty { throw CNIError(.incompatibleVersion, problems.joined(separator: "; ")) }
        return capabilities.sorted()
    }

    /// A plugin's answer to VERSION.
    public func versionInfo(pluginType: String) throws(CNIError) -> PluginVersionInfo {
        let path = try executor.findPlugin(named: pluginType, in: pluginPath)
        return try calls.versionInfo(pluginAt: path, environment: environment)
    }

    /// The cached result of an attachment, converted to the list's version; `nil` if none.
    /// A file in Go's older format (a bare result) is read too.
    public func cachedResult(_ list: NetworkConfigList, _ attachment: RuntimeAttachment) throws(CNIError) -> AnyCNIResult? {
        let version = try Self.version(of: list)
        let raw: JSONValue
        do {
            guard let entry = try cache.load(
                network: list.name, containerID: attachment.containerID, interfaceName: attachment.interfaceName),
                let result = entry.result else { return nil }
            raw = result
        } catch {
            let file = try cache.path(
                network: list.name, containerID: attachment.containerID, interfaceName: attachment.interfaceName)
            guard let bytes = try? FileSystem.readFile(file), let legacy = try? JSONParser.parse(bytes) else {
                throw error
            }
            raw = legacy
        }
        do {
            return try AnyCNIResult(json: raw).converted(to: version)
        } catch {
            throw CNIError(error.code, "failed to convert cached result to config version \"\(version)\": \(error.message)")
        }
    }

    // MARK: - Running one plugin

    private func run(_ command: CNICommand, _ plugin: NetworkConfig, list: NetworkConfigList,
                     attachment: RuntimeAttachment, prevResult: AnyCNIResult?) throws(CNIError) -> AnyCNIResult? {
        let path = try executor.findPlugin(named: plugin.type, in: pluginPath)
        let config = injected(plugin, list: list, attachment: attachment, prevResult: prevResult)
        let arguments = PluginCallArguments(
            command: command, containerID: attachment.containerID, netns: attachment.netns,
            interfaceName: attachment.interfaceName, args: CNIArgs(attachment.args).text, path: pluginPath)
        let env = arguments.environment(base: environment)
        if command == .add {
            return try calls.callWithResult(pluginAt: path, config: config, environment: env)
        }
        try calls.callWithoutResult(pluginAt: path, config: config, environment: env)
        return nil
    }

    /// GC and STATUS: only `CNI_COMMAND` and `CNI_PATH` are set.
    private func runBare(_ command: CNICommand, type: String, config: JSONObject) throws(CNIError) {
        let path = try executor.findPlugin(named: type, in: pluginPath)
        let env = PluginCallArguments(command: command, path: pluginPath).environment(base: environment)
        try calls.callWithoutResult(pluginAt: path, config: JSONSerializer.serialize(.object(config)), environment: env)
    }

    /// A plugin's configuration as it is sent: `name` and `cniVersion` from the list, the previous
    /// result, and `runtimeConfig` holding only the capabilities the plugin declares.
    func injected(_ plugin: NetworkConfig, list: NetworkConfigList, attachment: RuntimeAttachment,
                  prevResult: AnyCNIResult?) -> [UInt8] {
        var config = plugin.raw
        config["name"] = .string(list.name)
        config["cniVersion"] = .string(list.cniVersion)
        if let prevResult { config["prevResult"] = prevResult.jsonValue }
        var runtimeConfig = JSONObject()
        for capability in plugin.capabilities.sorted() {
            if let value = attachment.capabilityArgs[capability] { runtimeConfig[capability] = value }
        }
        if !runtimeConfig.isEmpty { config["runtimeConfig"] = .object(runtimeConfig) }
        return JSONSerializer.serialize(.object(config))
    }

    static func version(of list: NetworkConfigList) throws(CNIError) -> CNIVersion {
        guard let version = CNIVersion(parsing: list.cniVersion) else {
            throw CNIError(.incompatibleVersion, "unsupported CNI version \"\(list.cniVersion)\" in network \(list.name)")
        }
        return version
    }

    static func pluginFailed(_ plugin: NetworkConfig, _ operation: String, _ error: CNIError) -> CNIError {
        var description = "type=\"\(plugin.type)\""
        if !plugin.name.isEmpty { description += " name=\"\(plugin.name)\"" }
        return CNIError(error.code, "plugin \(description) failed (\(operation)): \(error.message)", details: error.details)
    }
}
