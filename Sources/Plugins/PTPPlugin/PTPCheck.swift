import CNISkel
import CNISpec
import NetlinkCodec
import PluginKit

/// CHECK, as the reference does it: the IPAM plugin checks its lease; the container interface of
/// `prevResult` exists in this namespace, is a veth with the recorded MAC, and carries every
/// address, each with a route to its subnet; every route of the result is present.
struct PTPCheck {
    let config: PTPConfig
    let request: PluginRequest

    func run() throws {
        let attachment = try ContainerStateCheck.attachment(request, ipamType: config.ipamType, label: "ptp: ")
        guard case .veth? = attachment.link.info?.kind else {
            throw CNIError(.internal, "Error: Container interface \(attachment.expected.name) not of type veth/p2p")
        }
        try ContainerStateCheck.expectMAC(of: attachment, label: "ptp: ")
        try ContainerStateCheck.expectAddressesAndRoutes(of: attachment)
    }
}
