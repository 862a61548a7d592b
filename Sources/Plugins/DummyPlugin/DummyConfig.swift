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

/// What dummy's DEL needs of a configuration: whom to ask to release the addresses (the container's interface
/// is found by `CNI_IFNAME`). Nothing else is validated, so a configuration ADD refuses still
/// deletes (a runtime retries a failing DEL for ever).
struct DummyDeleteConfig: Sendable {
    var ipamType: String

    init(_ config: NetworkConfig) {
        ipamType = config.ipamType
    }
}
