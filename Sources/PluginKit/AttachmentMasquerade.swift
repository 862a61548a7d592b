public import CNISkel
public import CNISpec
public import Netlink
import PacketFilter

/// `ipMasq` for one attachment, as the bridge and ptp plugins offer it: source NAT in the host's
/// namespace for what the container's addresses send outside their subnets, in the reference
/// plugins' nftables table, with rules named after the attachment so DEL and GC find them.
public struct AttachmentMasquerade {
    let request: PluginRequest
    let masquerade: Masquerade

    /// Opens nf_tables in the plugin's (the host's) namespace.
    public init(_ request: PluginRequest) throws(CNIError) {
        do {
            self.init(request, netlink: try NFTablesNetlink.open())
        } catch {
            throw CNIError(error, "open nftables")
        }
    }

    /// Works through an nf_tables connection the caller has open.
    public init(_ request: PluginRequest, netlink: NFTablesNetlink) {
        self.request = request
        masquerade = Masquerade(netlink: netlink)
    }

    private var identity: MasqueradeIdentity {
        MasqueradeIdentity(network: request.config.name, interfaceName: request.interfaceName, containerID: request.containerID)
    }

    /// Masquerades the addresses of `ips`; undone by `rollback`.
    public func setUp(_ ips: [IPConfig], rollback: Rollback) throws(CNIError) {
        let masquerade = masquerade, identity = identity
        do {
            try masquerade.setUp(ips.map(\.address), for: identity)
        } catch {
            throw CNIError(error, "failed to set up IP masquerading")
        }
        rollback.add("remove masquerading") { try masquerade.tearDown(identity) }
    }

    /// Removes this attachment's rules; rules already gone are fine.
    public func tearDown() throws(CNIError) {
        do {
            try masquerade.tearDown(identity)
        } catch {
            throw CNIError(error, "failed to tear down IP masquerading")
        }
    }

    /// Removes the rules of this network's attachments that the runtime no longer lists.
    public func collectGarbage() throws(CNIError) {
        let network = request.config.name
        let valid = try request.config.validAttachments().map {
            MasqueradeIdentity(network: network, interfaceName: $0.interfaceName, containerID: $0.containerID)
        }
        do {
            try masquerade.collectGarbage(network: network, keeping: valid)
        } catch {
            throw CNIError(error, "failed to collect masquerade rules")
        }
    }
}
