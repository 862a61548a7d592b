import LinuxSystem

/// Creating links of each kind. Each builds an `RTM_NEWLINK` request and calls ``RouteNetlink/addLink(_:)``;
/// ask for the new link with ``RouteNetlink/link(named:)`` when you need its index.
extension RouteNetlink {
    /// Creates a veth pair. With `peerNamespace`, the peer is created directly inside that
    /// namespace (its descriptor travels in the peer's `IFLA_NET_NS_FD`), so nothing has to enter
    /// the namespace or move the link afterwards. `up` brings `name` up and `masterIndex`
    /// enslaves it (to a bridge) in the same request.
    /// Equivalent to `ip link add NAME [master M] [up] type veth peer name PEER netns NS`.
    /// `txQueueLength` applies to both ends (`txqueuelen N`; the kernel's default, 1000, when `nil`).
    public func addVeth(
        named name: String, peerName: String, peerNamespace: NetworkNamespace? = nil, mtu: UInt32? = nil,
        macAddress: MACAddress? = nil, peerMACAddress: MACAddress? = nil, up: Bool = false, masterIndex: Int32? = nil,
        txQueueLength: UInt32? = nil
    ) throws(NetlinkError) {
        var peer = Link(name: peerName)
        peer.mtu = mtu
        peer.txQueueLength = txQueueLength
        peer.macAddress = peerMACAddress
        if let peerNamespace { peer.namespace = .fileDescriptor(peerNamespace.descriptor.rawValue) }
        var request = Link(name: name, info: LinkInfo(kind: .veth(VethOptions(peer: peer))))
        request.mtu = mtu
        request.txQueueLength = txQueueLength
        request.macAddress = macAddress
        // The kernel applies both to a link it creates: no separate round trips to bring it up
        // and to enslave it.
        if up {
            request.flags = .up
            request.changeMask = .up
        }
        request.masterIndex = masterIndex
        try withExtendedLifetime(peerNamespace) { () throws(NetlinkError) in try addLink(request) }
    }

    /// Creates a bridge. Equivalent to `ip link add NAME type bridge [vlan_filtering 1] [mtu MTU]`.
    public func addBridge(named name: String, options: BridgeOptions = BridgeOptions(), mtu: UInt32? = nil) throws(NetlinkError) {
        var request = Link(name: name, info: LinkInfo(kind: .bridge(options)))
        request.mtu = mtu
        try addLink(request)
    }

    /// Creates a macvlan (or, with `tap`, a macvtap) on a parent, optionally directly inside
    /// another namespace. Equivalent to
    /// `ip link add link PARENT name NAME [netns NS] type macvlan|macvtap mode MODE`.
    public func addMacvlan(
        named name: String, parent: LinkReference, mode: MacvlanOptions.Mode, tap: Bool = false,
        mtu: UInt32? = nil, macAddress: MACAddress? = nil, namespace: NetworkNamespace? = nil, txQueueLength: UInt32? = nil
    ) throws(NetlinkError) {
        let options = MacvlanOptions(mode: mode)
        try addChild(
            named: name, kind: tap ? .macvtap(options) : .macvlan(options), parent: parent, mtu: mtu,
            macAddress: macAddress, namespace: namespace, txQueueLength: txQueueLength)
    }

    /// Creates an ipvlan (or, with `tap`, an ipvtap) on a parent, optionally directly inside
    /// another namespace. Equivalent to
    /// `ip link add link PARENT name NAME [netns NS] type ipvlan mode l2|l3|l3s [bridge|private|vepa]`.
    public func addIPVlan(
        named name: String, parent: LinkReference, mode: IPVlanOptions.Mode, flags: IPVlanOptions.Flags = .bridge,
        tap: Bool = false, mtu: UInt32? = nil, namespace: NetworkNamespace? = nil, txQueueLength: UInt32? = nil
    ) throws(NetlinkError) {
        let options = IPVlanOptions(mode: mode, flags: flags)
        try addChild(
            named: name, kind: tap ? .ipvtap(options) : .ipvlan(options), parent: parent, mtu: mtu, macAddress: nil,
            namespace: namespace, txQueueLength: txQueueLength)
    }

    /// Creates an 802.1Q (or 802.1ad) VLAN on a parent, optionally directly inside another
    /// namespace. Equivalent to `ip link add link PARENT name NAME [netns NS] type vlan id ID`.
    public func addVLAN(
        named name: String, parent: LinkReference, id: UInt16, tagProtocol: UInt16? = nil, mtu: UInt32? = nil,
        namespace: NetworkNamespace? = nil, txQueueLength: UInt32? = nil
    ) throws(NetlinkError) {
        guard (1...4094).contains(id) else {
            throw NetlinkError(
                .invalidArgument, operation: "create vlan", object: "link \(name)",
                reason: "VLAN ID \(id) is outside 1...4094")
        }
        try addChild(
            named: name, kind: .vlan(VLANOptions(id: id, tagProtocol: tagProtocol)), parent: parent, mtu: mtu,
            macAddress: nil, namespace: namespace, txQueueLength: txQueueLength)
    }

    /// Creates a dummy interface. Equivalent to `ip link add NAME type dummy`.
    public func addDummy(named name: String, mtu: UInt32? = nil, txQueueLength: UInt32? = nil) throws(NetlinkError) {
        var request = Link(name: name, info: LinkInfo(kind: .dummy))
        request.mtu = mtu
        request.txQueueLength = txQueueLength
        try addLink(request)
    }

    /// Creates an intermediate functional block device, the target of redirected ingress traffic.
    /// Equivalent to `ip link add NAME type ifb`.
    public func addIFB(named name: String, mtu: UInt32? = nil) throws(NetlinkError) {
        var request = Link(name: name, info: LinkInfo(kind: .ifb))
        request.mtu = mtu
        try addLink(request)
    }

    /// Creates a VRF bound to a routing table. Equivalent to `ip link add NAME type vrf table TABLE`.
    public func addVRF(named name: String, table: UInt32, txQueueLength: UInt32? = nil) throws(NetlinkError) {
        var request = Link(name: name, info: LinkInfo(kind: .vrf(VRFOptions(table: table))))
        request.txQueueLength = txQueueLength
        try addLink(request)
    }

    /// A link on a parent (macvlan, ipvlan, vlan): `IFLA_LINK` is the parent's index in this
    /// namespace, and `IFLA_NET_NS_FD` puts the new link straight into the target namespace.
    private func addChild(
        named name: String, kind: LinkKind, parent: LinkReference, mtu: UInt32?, macAddress: MACAddress?,
        namespace: NetworkNamespace?, txQueueLength: UInt32?
    ) throws(NetlinkError) {
        try LinkName.validate(name, operation: "create \(kind.name)")
        var request = Link(name: name, info: LinkInfo(kind: kind))
        request.linkIndex = try index(of: parent, operation: "create \(kind.name) \(name) on")
        request.mtu = mtu
        request.macAddress = macAddress
        request.txQueueLength = txQueueLength
        if let namespace { request.namespace = .fileDescriptor(namespace.descriptor.rawValue) }
        try withExtendedLifetime(namespace) { () throws(NetlinkError) in try addLink(request) }
    }
}
