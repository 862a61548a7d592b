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
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        if !config.ipamType.isEmpty { _ = try request.delegate(.check, to: config.ipamType) }
        let result = try ContainerCheck.previousResult(request)
        let interface = try ContainerCheck.containerInterface(in: result, request: request)
        let masterNetlink = ContainerLink.masterNetlink(namespaces, inContainer: config.linkInContainer)
        let masterName = config.master.isEmpty
            ? try ContainerLink.defaultRouteInterface(netlink: masterNetlink) : config.master
        _ = try ContainerLink.master(named: masterName, netlink: masterNetlink)

        let link = try ContainerCheck.link(for: interface, kind: "macvlan", netlink: namespaces.containerNetlink)
        guard case .macvlan(let options)? = link.info?.kind, options.mode == config.mode else {
            var actual = "unknown"
            if case .macvlan(let options)? = link.info?.kind, let mode = options.mode { actual = mode.description }
            throw CNIError(
                .internal, "Container macvlan mode \(actual) does not match expected value: \(config.mode.description)")
        }
        try ContainerCheck.validateAddressesAndRoutes(result, link: link, netlink: namespaces.containerNetlink)
    }
}
