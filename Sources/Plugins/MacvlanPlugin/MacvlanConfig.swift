import CNISkel
import CNISpec
import PluginKit
import NetAddress
import NetlinkCodec

/// The `macvlan` plugin's configuration, with the reference plugin's keys and defaults. The
/// master is resolved later (it may need the default route), so this stays pure.
struct MacvlanConfig: Sendable {
    /// The configured master; empty means "the interface of the default route".
    var master: String
    var mode: MacvlanOptions.Mode
    var mtu: UInt32?
    var mac: MACAddress?
    var linkInContainer: Bool
    var ipamType: String
    var dns: DNS?

    /// The JSON keys (matched case-insensitively, as Go does).
    private struct Keys: Decodable {
        var master: String?
        var mode: String?
        var mtu: Int?
        var mac: String?
        var linkInContainer: Bool?
        var runtimeConfig: RuntimeMAC?
        struct RuntimeMAC: Decodable { var mac: String? }
    }

    /// `CNI_ARGS` keys the reference reads (it refuses others unless `IgnoreUnknown=1`).
    static let knownArgs: [String] = ["MAC"]

    init(_ request: PluginRequest) throws(CNIError) {
        let keys = try request.decodeConfig(Keys.self)
        master = keys.master ?? ""
        switch keys.mode ?? "" {
        case "", "bridge": mode = .bridge
        case "private": mode = .private
        case "vepa": mode = .vepa
        case "passthru": mode = .passthru
        case let other:
            throw CNIError(
                .invalidNetworkConfig, "invalid \"mode\" \"\(other)\": must be bridge, private, vepa or passthru")
        }
        mtu = try ConfigValues.mtu(keys.mtu)
        linkInContainer = keys.linkInContainer ?? false
        // The MAC: the configuration's, overridden by CNI_ARGS MAC, overridden by runtimeConfig.mac
        // (the `mac` capability), in the reference's order.
        let candidates: [(String, String?)] = [
            ("mac", keys.mac), ("CNI_ARGS MAC", request.args["MAC"]), ("runtimeConfig.mac", keys.runtimeConfig?.mac),
        ]
        for (field, value) in candidates {
            guard let value, !value.isEmpty else { continue }
            guard let mac = MACAddress(value), mac.bytes.count == 6 else {
                throw CNIError(.invalidNetworkConfig, "invalid \(field) \"\(value)\": not a MAC address")
            }
            self.mac = mac
        }
        ipamType = request.config.ipamType
        dns = request.config.dns
    }
}

/// What macvlan's DEL needs of a configuration: whom to ask to release the addresses (the container's interface
/// is found by `CNI_IFNAME`). Nothing else is validated, so a configuration ADD refuses still
/// deletes (a runtime retries a failing DEL for ever).
struct MacvlanDeleteConfig: Sendable {
    var ipamType: String

    init(_ config: NetworkConfig) {
        ipamType = config.ipamType
    }
}
