public import CNISpec
import LinuxSystem

/// A directory of network configurations (`/etc/cni/net.d`), read as Go's libcni reads it:
/// `.conflist` files first, then `.conf` and `.json`, each group sorted by file name.
public struct ConfigDirectory: Sendable {
    /// The directory.
    public var path: String

    public init(path: String = "/etc/cni/net.d") { self.path = path }

    /// The regular files in the directory with one of the extensions, sorted by name;
    /// empty if the directory does not exist.
    public func files(withExtensions extensions: [String]) -> [String] {
        guard let names = try? FileSystem.listDirectory(path) else { return [] }
        return names.filter { name in
            guard let dot = name.lastIndex(of: "."), extensions.contains(String(name[dot...])) else { return false }
            return !FileSystem.isDirectory("\(path)/\(name)")
        }.sorted().map { "\(path)/\($0)" }
    }

    /// The network named `name`: the first `.conflist` with that name, else the first `.conf` or
    /// `.json` file with it, made into a list of one plugin.
    public func network(named name: String) throws(CNIError) -> NetworkConfigList {
        for file in files(withExtensions: [".conflist"]) {
            let list = try loadList(file)
            if list.name == name { return list }
        }
        for file in files(withExtensions: [".conf", ".json"]) {
            let (config, bytes) = try loadSingle(file)
            if config.name == name { return NetworkConfigList(single: config, bytes: bytes) }
        }
        throw CNIError(.invalidNetworkConfig, "no net configuration with name \"\(name)\" in \(path)")
    }

    /// Every network in the directory, in load order; files that fail to parse are reported
    /// beside the ones that did.
    public func allNetworks() -> [(file: String, network: Result<NetworkConfigList, CNIError>)] {
        var found: [(String, Result<NetworkConfigList, CNIError>)] = []
        for file in files(withExtensions: [".conflist"]) {
            do { found.append((file, .success(try loadList(file)))) } catch { found.append((file, .failure(error))) }
        }
        for file in files(withExtensions: [".conf", ".json"]) {
            do {
                let (config, bytes) = try loadSingle(file)
                found.append((file, .success(NetworkConfigList(single: config, bytes: bytes))))
            } catch {
                found.append((file, .failure(error)))
            }
        }
        return found
    }

    /// A `.conflist` file, plus plugin files from `<dir>/<network name>/*.conf` unless the list
    /// says `loadOnlyInlinedPlugins`.
    public func loadList(_ file: String) throws(CNIError) -> NetworkConfigList {
        var list = try NetworkConfigList(bytes: try read(file))
        if !list.loadOnlyInlinedPlugins {
            let pluginDirectory = ConfigDirectory(path: "\(path)/\(list.name)")
            for pluginFile in pluginDirectory.files(withExtensions: [".conf"]) {
                let (config, _) = try loadSingle(pluginFile)
                if config.type.isEmpty {
                    throw CNIError(.invalidNetworkConfig, "error parsing configuration \(pluginFile): missing 'type'")
                }
                list.plugins.append(config)
            }
        }
        if list.plugins.isEmpty { throw CNIError(.invalidNetworkConfig, "no plugin configs found in \(file)") }
        return list
    }

    /// A single plugin configuration file (`.conf` or `.json`).
    public func loadSingle(_ file: String) throws(CNIError) -> (NetworkConfig, [UInt8]) {
        let bytes = try read(file)
        let config: NetworkConfig
        do {
            config = try NetworkConfig(bytes: bytes)
        } catch {
            throw CNIError(error.code, "\(file): \(error.message)", details: error.details)
        }
        if config.type.isEmpty { throw CNIError(.invalidNetworkConfig, "error parsing configuration \(file): missing 'type'") }
        return (config, bytes)
    }

    private func read(_ file: String) throws(CNIError) -> [UInt8] {
        do {
            return try FileSystem.readFile(file, limit: 16 << 20)
        } catch {
            throw CNIError(.ioFailure, "error reading \(file): \(error)")
        }
    }
}
