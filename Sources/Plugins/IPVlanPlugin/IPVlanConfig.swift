import CNISkel
import CNISpec
import PluginKit
import NetlinkCodec

/// The `ipvlan` plugin's configuration, with the reference plugin's keys and defaults.
struct IPVlanConfig: Sendable {
    /// The configured master; empty means "the single interface of `prevResult`" in a chain,
    /// else "the interface of the default route".
    var master: String
    var mode: IPVlanOptions.Mode
    var mtu: UInt32?
    var linkInContainer: Bool
    var ipamType: String
    var dns: DNS?

    /// The JSON keys (matched case-insensitively, as Go does).
    private struct Keys: Decodable {
        var master: String?
        var mode: String?
        var mtu: Int?
        var linkInContainer: Bool?
    }

    init(_ request: PluginRequest) throws(CNIError) {
        let keys = try request.decodeConfig(Keys.self)
        master = keys.master ?? ""
        switch keys.mode ?? "" {
        case "", "l2": mode = .l2
        case "l3": mode = .l3
        case "l3s": mode = .l3s
        case let other:
            throw CNIError(.invalidNetworkConfig, "invalid \"mode\" \"\(other)\": must be l2, l3 or l3s")
        }
        mtu = try ConfigValues.mtu(keys.mtu)
        linkInContainer = keys.linkInContainer ?? false
        ipamType = request.config.ipamType
        dns = request.config.dns
    }

    /// The master's name in a chain without `master`: the previous result's only interface, as
    /// the reference takes it.
    static func chainedMaster(_ previous: Result100) throws(CNIError) -> String {
        guard previous.interfaces.count == 1, let name = previous.interfaces.first?.name, !name.isEmpty else {
            throw CNIError(
                .invalidNetworkConfig,
                "\"master\" is not set and prevResult does not name a single interface to use instead")
        }
        return name
    }
}

/// What ipvlan's DEL needs of a configuration: whom to ask to release the addresses (the container's interface
/// is found by `CNI_IFNAME`). Nothing else is validated, so a configuration ADD refuses still
/// deletes (a runtime retries a failing DEL for ever).
struct IPVlanDeleteConfig: Sendable {
    var ipamType: String

    init(_ config: NetworkConfig) {
        ipamType = config.ipamType
    }
}
