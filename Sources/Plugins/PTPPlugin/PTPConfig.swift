import CNISpec
import NetAddress
import PluginKit

/// The `ptp` plugin's configuration, with the reference plugin's keys.
struct PTPConfig: Sendable {
    /// `ipMasq`: masquerade what the container sends outside its subnets (nftables, `AttachmentMasquerade`).
    var ipMasquerade: Bool
    /// `mtu` of both ends of the veth pair; `nil` for the kernel's default.
    var mtu: UInt32?
    /// `ipam.type`; ADD needs one.
    var ipamType: String
    /// `dns`, which replaces the IPAM plugin's when it sets anything.
    var dns: DNS?

    /// The JSON keys (matched case-insensitively, as Go does).
    private struct Keys: Decodable {
        var ipMasq: Bool?
        var mtu: Int?
    }

    init(_ config: NetworkConfig) throws(CNIError) {
        let keys = try config.decode(Keys.self)
        ipMasquerade = keys.ipMasq ?? false
        mtu = try ConfigValues.mtu(keys.mtu)
        ipamType = config.ipamType
        dns = config.dns.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// What ptp's DEL needs of a configuration: whom to ask to release the addresses, and whether
/// masquerade rules may exist. Nothing else is validated, so a configuration ADD refuses still
/// deletes; an `ipMasq` of the wrong type reads as absent (ADD refused it, so made no rules).
struct PTPDeleteConfig: Sendable {
    var ipamType: String
    var ipMasquerade: Bool

    private struct Keys: Decodable {
        var ipMasq: Bool?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            ipMasq = try? container.decodeIfPresent(Bool.self, forKey: .ipMasq)
        }

        private enum CodingKeys: String, CodingKey { case ipMasq }
    }

    init(_ config: NetworkConfig) {
        ipamType = config.ipamType
        ipMasquerade = (try? config.decode(Keys.self))?.ipMasq ?? false
    }
}
