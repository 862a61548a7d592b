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
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        if !config.ipamType.isEmpty { _ = try request.delegate(.check, to: config.ipamType) }
        let result = try ContainerCheck.previousResult(request)
        let interface = try ContainerCheck.containerInterface(in: result, request: request)
        // Without `master`, ADD took it from the previous plugin's result, which CHECK no longer
        // has (its prevResult is ipvlan's own result): nothing to look up then.
        if !config.master.isEmpty {
            let masterNetlink = ContainerLink.masterNetlink(namespaces, inContainer: config.linkInContainer)
            _ = try ContainerLink.master(named: config.master, netlink: masterNetlink)
        }
        let link = try ContainerCheck.link(for: interface, kind: "ipvlan", netlink: namespaces.containerNetlink)
        guard case .ipvlan(let options)? = link.info?.kind, (options.mode ?? .l2) == config.mode else {
            var actual = "unknown"
            if case .ipvlan(let options)? = link.info?.kind, let mode = options.mode { actual = mode.description }
            throw CNIError(
                .internal, "Container IPVlan mode \(actual) does not match expected value: \(config.mode.description)")
        }
        try ContainerCheck.validateAddressesAndRoutes(result, link: link, netlink: namespaces.containerNetlink)
    }
}
