import CNISpec
import Netlink
import PluginKit

/// With `vlan` and `isGateway`, the gateway addresses cannot go on the bridge itself: its own
/// address would be in no VLAN, out of reach of the VLAN's ports. As the reference does, they go
/// on a host interface `<bridge>.<vlan>`, one end of a veth pair whose other end is an access
/// port of that VLAN on the bridge. It is shared by every container of the VLAN and, like the
/// bridge, stays after DEL; a failed ADD that created it removes it.
enum BridgeVLANGateway {
    static func ensure(on bridge: Link, config: BridgeConfig, netlink: RouteNetlink, rollback: Rollback) throws -> Link {
        let name = "\(config.bridgeName).\(config.vlan)"
        let context = "failed to create vlan gateway \"\(name)\""
        if let existing = try Gateways.netlinkCall(context, { try netlink.linkIfPresent(.name(name)) }) { return existing }
        var generator = SystemRandomNumberGenerator()
        let port = "veth" + String(UInt32.random(in: 0x1000_0000 ... .max, using: &generator), radix: 16)
        // Shaped as the containers' veths, the port being the host end (as the reference's pair).
        try Gateways.netlinkCall(context) {
            try netlink.addVeth(named: port, peerName: name, mtu: config.mtu, txQueueLength: VethPair.transmitQueueLength)
        }
        VethPair.ignoreRouterAdvertisements(onHostEnd: port)
        // Deleting either end removes the pair.
        rollback.add("delete \(name)") { try netlink.deleteLink(.name(name)) }
        return try Gateways.netlinkCall(context) {
            try netlink.setMaster(.index(bridge.index), of: .name(port))
            if !config.preserveDefaultVLAN { try? netlink.deleteBridgeVLAN(1, from: .name(port), target: .master) }
            try netlink.addBridgeVLAN(config.vlan, to: .name(port), pvid: true, untagged: true, target: .master)
            try netlink.setLinkUp(.name(port))
            try netlink.setLinkUp(.name(name))
            return try netlink.link(named: name)
        }
    }
}
