import CNISkel
import CNISpec

/// The `dummy` plugin's configuration: only the standard keys; IPAM is required, as upstream.
struct DummyConfig: Sendable {
    var ipamType: String
    var dns: DNS?

    init(_ request: PluginRequest) throws(CNIError) {
        ipamType = request.config.ipamType
        dns = request.config.dns
    }

    /// ADD and CHECK need an IPAM plugin: a dummy link without addresses is of no use.
    func requireIPAM() throws(CNIError) {
        guard !ipamType.isEmpty else {
            throw CNIError(.invalidNetworkConfig, "dummy interface requires an IPAM configuration: missing \"ipam.type\"")
        }
    }
}
