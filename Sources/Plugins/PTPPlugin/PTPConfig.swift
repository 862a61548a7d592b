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
