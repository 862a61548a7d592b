/// Bridge ports: their options (hairpin, isolation, learning) and VLANs, through `AF_BRIDGE`
/// messages as the `bridge` tool sends them.
extension RouteNetlink {
    /// Changes the options of a bridge port; options left `nil` are unchanged.
    /// Equivalent to `bridge link set dev PORT hairpin on|off isolated on|off learning on|off`.
    public func setBridgePortOptions(_ options: BridgePortOptions, of port: LinkReference) throws(NetlinkError) {
        let operation = "set bridge port options of"
        var request = Link(family: AddressFamily.bridge, index: try index(of: port, operation: operation))
        request.bridgePort = options
        try execute(.setLink, request, operation: operation, object: port.description)
    }

    /// The options of a bridge port, as the kernel reports them in the port's link information.
    /// Equivalent to `ip -d link show dev PORT` (the `bridge_slave` part).
    public func bridgePortOptions(of port: LinkReference) throws(NetlinkError) -> BridgePortOptions {
        guard let options = try link(port).info?.bridgePort else {
            throw NetlinkError(.invalidArgument, operation: "get bridge port options of", object: port.description,
                               reason: "the link is not a bridge port")
        }
        return options
    }

    /// Adds a VLAN to a bridge port (or, with `target: .self` on the bridge, to the bridge
    /// itself). Equivalent to `bridge vlan add dev PORT vid ID [pvid] [untagged] [self|master]`.
    public func addBridgeVLAN(
        _ id: UInt16, to port: LinkReference, pvid: Bool = false, untagged: Bool = false,
        target: BridgeVLAN.Target? = nil
    ) throws(NetlinkError) {
        var flags: BridgeVLAN.Flags = []
        if pvid { flags.insert(.pvid) }
        if untagged { flags.insert(.untagged) }
        try changeBridgeVLAN(.setLink, BridgeVLAN(id: id, flags: flags), port, target, operation: "add vlan \(id) to")
    }

    /// Removes a VLAN from a bridge port. Equivalent to `bridge vlan del dev PORT vid ID [self|master]`.
    public func deleteBridgeVLAN(_ id: UInt16, from port: LinkReference, target: BridgeVLAN.Target? = nil) throws(NetlinkError) {
        try changeBridgeVLAN(.deleteLink, BridgeVLAN(id: id), port, target, operation: "delete vlan \(id) from")
    }

    /// The bridge ports and bridges with VLANs, each with its ``Link/bridgeVLANs``.
    /// Equivalent to `bridge vlan show`.
    public func bridgeVLANs() throws(NetlinkError) -> [Link] {
        var request = Link(family: AddressFamily.bridge)
        request.extendedMask = .bridgeVLANs
        let links = try dump(.getLink, request, replyType: .newLink, as: Link.self, operation: "list bridge vlans")
        return links.filter { !$0.bridgeVLANs.isEmpty }
    }

    private func changeBridgeVLAN(
        _ type: NetlinkMessageType, _ vlan: BridgeVLAN, _ port: LinkReference, _ target: BridgeVLAN.Target?,
        operation: String
    ) throws(NetlinkError) {
        guard (1...4094).contains(vlan.id) else {
            throw NetlinkError(.invalidArgument, operation: operation, object: port.description,
                               reason: "VLAN ID \(vlan.id) is outside 1...4094")
        }
        var request = Link(family: AddressFamily.bridge, index: try index(of: port, operation: operation))
        request.addressFamilySpecific = BridgeVLAN.requestAttributes([vlan], target: target)
        try execute(type, request, operation: operation, object: port.description)
    }
}
