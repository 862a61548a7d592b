import CNISpec
import NetAddress
import PluginKit

/// The `tap` plugin's configuration, with the reference plugin's keys.
struct TapConfig: Sendable {
    /// `multiQueue`: a multi-queue device.
    var multiQueue: Bool
    /// `mtu`; `nil` for the kernel's default.
    var mtu: UInt32?
    /// The MAC: `mac`, overridden by `CNI_ARGS` `MAC`, overridden by `runtimeConfig.mac`.
    var mac: MACAddress?
    /// `owner` and `group`: who may attach to the device without `CAP_NET_ADMIN`.
    var owner: UInt32?
    var group: UInt32?
    /// `selinuxContext`: the context the device is created in.
    var selinuxContext: String?
    /// `bridge`: a bridge in the container's namespace to make the tap a port of.
    var bridge: String?
    /// `ipam.type`; empty for a layer 2 device.
    var ipamType: String
    /// `dns`, reported as it is.
    var dns: DNS

    /// The JSON keys (matched case-insensitively, as Go does).
    private struct Keys: Decodable {
        var multiQueue: Bool?
        var mtu: Int?
        var mac: String?
        var owner: Int64?
        var group: Int64?
        var selinuxContext: String?
        var bridge: String?
        var runtimeConfig: RuntimeKeys?

        struct RuntimeKeys: Decodable { var mac: String? }
    }

    /// `CNI_ARGS` keys the tap plugin reads.
    static let knownArgs: [String] = ["MAC"]

    init(_ config: NetworkConfig, args: CNIArgs = CNIArgs()) throws(CNIError) {
        let keys = try config.decode(Keys.self)
        multiQueue = keys.multiQueue ?? false
        mtu = try ConfigValues.mtu(keys.mtu)
        let candidates: [(String, String?)] = [
            ("\"mac\"", keys.mac), ("CNI_ARGS MAC", args["MAC"]), ("runtimeConfig.mac", keys.runtimeConfig?.mac),
        ]
        for (field, value) in candidates {
            guard let value, !value.isEmpty else { continue }
            guard let mac = MACAddress(value), mac.bytes.count == 6 else {
                throw CNIError(.invalidNetworkConfig, "invalid \(field) \"\(value)\": not a MAC address")
            }
            self.mac = mac
        }
        owner = try Self.id(keys.owner, field: "owner")
        group = try Self.id(keys.group, field: "group")
        selinuxContext = keys.selinuxContext.flatMap { $0.isEmpty ? nil : $0 }
        bridge = try ConfigValues.linkName(keys.bridge, field: "bridge")
        ipamType = config.ipamType
        dns = config.dns ?? DNS()
    }

    /// A user or group ID: 0 to 2³²−1 (the kernel's `uid_t`).
    private static func id(_ value: Int64?, field: String) throws(CNIError) -> UInt32? {
        guard let value else { return nil }
        guard let id = UInt32(exactly: value) else {
            throw CNIError(.invalidNetworkConfig, "invalid \"\(field)\" \(value): must be between 0 and \(UInt32.max)")
        }
        return id
    }
}

/// What tap's DEL needs of a configuration: whom to ask to release the addresses (the device
/// is found by `CNI_IFNAME`). Nothing else is validated, so a configuration ADD refuses still
/// deletes (a runtime retries a failing DEL for ever).
struct TapDeleteConfig: Sendable {
    var ipamType: String

    init(_ config: NetworkConfig) {
        ipamType = config.ipamType
    }
}
