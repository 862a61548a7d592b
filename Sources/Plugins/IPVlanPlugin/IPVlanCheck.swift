import CNISkel
import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// CHECK: the IPAM plugin's lease, a configured master, and the container's ipvlan as ADD
/// reported it: its kind, mode and MAC, its addresses and routes.
struct IPVlanCheck {
    let config: IPVlanConfig
    let request: PluginRequest

    func run() throws {
        let attachment = try ContainerStateCheck.attachment(request, ipamType: config.ipamType)
        // Without `master`, ADD took it from the previous plugin's result, which CHECK no longer
        // has (its prevResult is ipvlan's own result): nothing to look up then.
        if !config.master.isEmpty {
            let masterNetlink = ContainerLink.masterNetlink(attachment.namespaces, inContainer: config.linkInContainer)
            _ = try ContainerLink.master(named: config.master, netlink: masterNetlink)
        }
        try ContainerStateCheck.expectKind("ipvlan", of: attachment)
        guard case .ipvlan(let options)? = attachment.link.info?.kind, (options.mode ?? .l2) == config.mode else {
            var actual = "unknown"
            if case .ipvlan(let options)? = attachment.link.info?.kind, let mode = options.mode { actual = mode.description }
            throw CNIError(
                .internal, "Container IPVlan mode \(actual) does not match expected value: \(config.mode.description)")
        }
        try ContainerStateCheck.expectMAC(of: attachment)
        try ContainerStateCheck.expectAddressesAndRoutes(of: attachment)
    }
}
