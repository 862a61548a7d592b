import CNISkel
import CNISpec
import IPAM

extension HostLocalConfig {
    /// The configuration of a call: the plugin configuration and `CNI_ARGS`.
    init(request: PluginRequest) throws(CNIError) {
        try self.init(config: request.config, args: request.args)
    }

    /// Runs `body` with this network's lease store open and locked; failures to open the store
    /// become CNI errors naming the directory.
    func withStore<Result>(_ body: (DiskLeaseStore) throws(CNIError) -> Result) throws(CNIError) -> Result {
        do {
            return try DiskLeaseStore.withStore(network: name, dataDirectory: dataDirectory) { store in
                try body(store)
            }
        } catch let error as CNIError {
            throw error
        } catch {
            throw CNIError(.internal, "lease store \(leaseDirectory): \(error)")
        }
    }
}

extension LeaseOwner {
    /// The attachment a request is about.
    init(request: PluginRequest) {
        self.init(containerID: request.containerID, interfaceName: request.interfaceName)
    }
}

/// What host-local's DEL needs of a configuration: where the network's leases live
/// (`ipam.dataDir` and the network name). The leases are found by the attachment's identity,
/// so nothing else is read or validated; a `dataDir` of the wrong type reads as absent.
struct HostLocalDeleteConfig: Sendable {
    var network: String
    var dataDirectory: String

    init(_ config: NetworkConfig) {
        network = config.name
        let ipam = try? JSONFields(.object(config.raw)).fields("ipam")
        let dataDir = (try? ipam?.string("dataDir")) ?? ""
        dataDirectory = dataDir.isEmpty ? HostLocalConfig.defaultDataDirectory : dataDir
    }
}
