import CNISkel
import CNISpec
import NetAddress

/// CHECK: every configured address found in the previous result must carry the configured
/// gateway. (As in the reference, an address missing from the result is not an error.)
struct Check {
    var request: PluginRequest

    func run() throws(CNIError) {
        let config = try StaticConfig(config: request.config, args: request.args)
        guard let previous = try request.prevResult() else {
            throw CNIError(.invalidNetworkConfig, "Required prevResult missing")
        }
        let result = try previous.asCurrent()
        for configured in config.addresses {
            for ip in result.ips where ip.address.address == configured.address.address {
                if configured.gateway == nil || configured.gateway == ip.gateway { break }
                throw CNIError(.internal, "static: Failed to match addr \(ip.address.address) on interface \(request.interfaceName)")
            }
        }
    }
}
