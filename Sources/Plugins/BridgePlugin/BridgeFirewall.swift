import CNISkel
import CNISpec
import NetAddress
import Netlink
import PacketFilter
import PluginKit

/// The bridge plugin's nftables rules in the host's namespace: masquerading (`ipMasq`) and the
/// MAC spoof check (`macspoofchk`), named after the attachment so DEL and GC find them.
struct BridgeFirewall {
    let request: PluginRequest
    let netlink: NFTablesNetlink

    /// Opens nf_tables in the plugin's (the host's) namespace.
    init(_ request: PluginRequest) throws(CNIError) {
        self.request = request
        do {
            netlink = try NFTablesNetlink.open()
        } catch {
            throw CNIError(error, "open nftables")
        }
    }

    var spoofCheck: MACSpoofCheck {
        MACSpoofCheck(netlink: netlink, containerID: request.containerID, interfaceName: request.interfaceName)
    }

    /// Masquerades what the container's addresses send outside their subnets; undone by rollback.
    func setUpMasquerade(_ ips: [IPConfig], rollback: Rollback) throws(CNIError) {
        try AttachmentMasquerade(request, netlink: netlink).setUp(ips, rollback: rollback)
    }

    /// Drops frames from `hostInterface` whose source is not `mac`; undone by rollback.
    func setUpSpoofCheck(hostInterface: String, mac: MACAddress?, rollback: Rollback) throws(CNIError) {
        guard let mac else { throw CNIError(.internal, "macspoofchk: the container interface has no MAC address") }
        let check = spoofCheck
        do {
            try check.setUp(hostInterface: hostInterface, mac: mac)
        } catch {
            throw CNIError(error, "failed to set up MAC spoof check")
        }
        rollback.add("remove MAC spoof check") { try check.tearDown() }
    }

    /// Removes this attachment's rules; what is gone already is fine. Returns the failures.
    func tearDown(masquerade: Bool, spoofCheck checksSpoofing: Bool) -> [String] {
        var failures: [String] = []
        if checksSpoofing {
            do { try spoofCheck.tearDown() } catch { failures.append("MAC spoof check: \(error)") }
        }
        if masquerade {
            do { try AttachmentMasquerade(request, netlink: netlink).tearDown() } catch { failures.append("masquerading: \(error)") }
        }
        return failures
    }

    /// Removes the masquerade rules of this network's attachments that the runtime no longer lists.
    func collectMasqueradeGarbage() throws(CNIError) {
        try AttachmentMasquerade(request, netlink: netlink).collectGarbage()
    }
}
