import CNISkel
import CNISpec
import IPAM

/// ADD: one address from every range set, with the configured routes and DNS.
struct Add {
    var request: PluginRequest

    func run() throws(CNIError) -> AnyCNIResult {
        let config = try HostLocalConfig(request: request)
        // Results are built in the newest shape of the request's generation; the dispatcher
        // converts them to the configuration's version.
        var result = Result100(cniVersion: request.version.resultFormat == .v1 ? request.version : .v1_0_0)
        if let path = config.resolvConf {
            do {
                result.dns = try ResolvConf.load(path)
            } catch {
                throw CNIError(.ioFailure, "ipam.resolvConf: \(error)")
            }
        }
        let owner = LeaseOwner(request: request)
        result.ips = try config.withStore { store throws(CNIError) in
            try AddressAllocation.allocate(config, for: owner, in: store)
        }
        result.routes = config.routes
        return .v1(result)
    }
}
