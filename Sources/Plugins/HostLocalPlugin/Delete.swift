import CNISkel
import CNISpec
import IPAM

/// DEL: releases the attachment's leases; releasing nothing is success.
struct Delete {
    var request: PluginRequest

    func run() throws(CNIError) {
        let config = try HostLocalConfig(request: request)
        let owner = LeaseOwner(request: request)
        _ = try config.withStore { store throws(CNIError) in
            try AddressAllocation.release(config, for: owner, in: store)
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
