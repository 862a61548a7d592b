import CNISkel
import CNISpec
import IPAM

/// CHECK: the attachment must hold at least one lease (whatever its address), as in the reference.
struct Check {
    var request: PluginRequest

    func run() throws(CNIError) {
        let config = try HostLocalConfig(request: request)
        let owner = LeaseOwner(request: request)
        let found = try config.withStore { store throws(CNIError) in
            try storeLookup { try store.holdsLease(owner) }
        }
        if !found {
            throw CNIError(.internal, "host-local: Failed to find address added by container \(request.containerID)")
        }
    }

    private func storeLookup(_ body: () throws -> Bool) throws(CNIError) -> Bool {
        do {
            return try body()
        } catch {
            throw CNIError.wrapping(error, context: "look up leases")
        }
    }
}
