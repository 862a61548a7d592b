import CNISkel
import CNISpec
import PluginKit

/// The `vlan` plugin's configuration, with the reference plugin's keys.
struct VLANConfig: Sendable {
    var master: String
    var vlanID: UInt16
    var mtu: UInt32?
    var linkInContainer: Bool
    var ipamType: String
    var dns: DNS?

    /// The JSON keys (matched case-insensitively, as Go does).
    private struct Keys: Decodable {
        var master: String?
        var vlanId: Int?
        var mtu: Int?
        var linkInContainer: Bool?
    }

    init(_ request: PluginRequest) throws(CNIError) {
        let keys = try request.decodeConfig(Keys.self)
        master = keys.master ?? ""
        guard !master.isEmpty else {
            throw CNIError(
                .invalidNetworkConfig,
                "\"master\" field is required. It specifies the host interface name to create the VLAN for")
        }
        // The reference lets a missing or zero ID through to the kernel, which makes an
        // 802.1p priority-tagging link rather than a VLAN; we ask for a real VLAN.
        let id = keys.vlanId ?? 0
        guard (1...4094).contains(id) else {
            throw CNIError(.invalidNetworkConfig, "invalid \"vlanId\" \(id): must be between 1 and 4094")
        }
        vlanID = UInt16(id)
        mtu = try ConfigValues.mtu(keys.mtu)
        linkInContainer = keys.linkInContainer ?? false
        ipamType = request.config.ipamType
        dns = request.config.dns
    }

    /// ADD needs addresses: the reference fails calling an IPAM plugin with no name.
    func requireIPAM() throws(CNIError) {
        guard !ipamType.isEmpty else { throw CNIError(.invalidNetworkConfig, "\"ipam\" is required: missing \"ipam.type\"") }
    }
}

/// What vlan's DEL needs of a configuration: whom to ask to release the addresses (the container's interface
/// is found by `CNI_IFNAME`). Nothing else is validated, so a configuration ADD refuses still
/// deletes (a runtime retries a failing DEL for ever).
struct VLANDeleteConfig: Sendable {
    var ipamType: String

    init(_ config: NetworkConfig) {
        ipamType = config.ipamType
    }
}
