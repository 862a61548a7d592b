import CNISkel
import CNISpec
import IPAM

/// DEL: releases the attachment's leases; releasing nothing is success. Only where the leases
/// live is read from the configuration (``HostLocalDeleteConfig``): the ranges do not matter
/// for finding an attachment's leases, so a configuration ADD refuses still deletes. A network
/// without a lease directory has nothing to release, and DEL does not create one.
struct Delete {
    var request: PluginRequest

    func run() throws(CNIError) {
        let config = HostLocalDeleteConfig(request.config)
        guard DiskLeaseStore.exists(network: config.network, dataDirectory: config.dataDirectory) else { return }
        let owner = LeaseOwner(request: request)
        do {
            try DiskLeaseStore.withStore(network: config.network, dataDirectory: config.dataDirectory) { store in
                try store.releaseAll(of: owner)
            }
        } catch let error as CNIError {
            throw error
        } catch {
            throw CNIError(.internal, "release leases in \(config.dataDirectory)/\(config.network): \(error)")
        }
    }
}

/// GC: releases every lease of the network that no attachment in `cni.dev/valid-attachments` holds.
struct GarbageCollect {
    var request: PluginRequest

    func run() throws(CNIError) {
        let config = try HostLocalConfig(request: request)
        let valid = try request.config.validAttachments()
        _ = try config.withStore { store throws(CNIError) in
            try GarbageCollection.collect(in: store, validAttachments: valid)
        }
    }
}
