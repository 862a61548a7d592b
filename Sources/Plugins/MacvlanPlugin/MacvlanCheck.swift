import CNISkel
import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// CHECK: the IPAM plugin's lease, the master, and the container's macvlan as ADD reported it:
/// its kind, mode and MAC, its addresses and routes.
struct MacvlanCheck {
    let config: MacvlanConfig
    let request: PluginRequest

    func run() throws {
        let attachment = try ContainerStateCheck.attachment(request, ipamType: config.ipamType)
        let masterNetlink = ContainerLink.masterNetlink(attachment.namespaces, inContainer: config.linkInContainer)
        let masterName = config.master.isEmpty
            ? try ContainerLink.defaultRouteInterface(netlink: masterNetlink) : config.master
        _ = try ContainerLink.master(named: masterName, netlink: masterNetlink)

        try ContainerStateCheck.expectKind("macvlan", of: attachment)
        guard case .macvlan(let options)? = attachment.link.info?.kind, options.mode == config.mode else {
            var actual = "unknown"
            if case .macvlan(let options)? = attachment.link.info?.kind, let mode = options.mode { actual = mode.description }
            throw CNIError(
                .internal, "Container macvlan mode \(actual) does not match expected value: \(config.mode.description)")
        }
        try ContainerStateCheck.expectMAC(of: attachment)
        try ContainerStateCheck.expectAddressesAndRoutes(of: attachment)
    }
}
