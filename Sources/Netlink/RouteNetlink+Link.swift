import LinuxSystem

/// Links: list, get, delete, and change their settings.
extension RouteNetlink {
    // MARK: Reading

    /// Every link in the namespace. Equivalent to `ip link show`.
    public func links() throws(NetlinkError) -> [Link] {
        try dump(.getLink, Link(), replyType: .newLink, as: Link.self, operation: "list links")
    }

    /// The links of a kind (`veth`, `bridge`, ...) and/or enslaved to a master. The kernel filters
    /// when it can; the result is filtered here again, so older kernels give the same answer.
    /// Equivalent to `ip link show type KIND master MASTER`.
    public func links(kind: String? = nil, master: LinkReference? = nil) throws(NetlinkError) -> [Link] {
        var request = Link()
        let masterIndex = try master.map { (reference) throws(NetlinkError) -> Int32 in
            try index(of: reference, operation: "list links")
        }
        request.masterIndex = masterIndex
        if let kind { request.info = LinkInfo(kind: .other(name: kind, data: nil)) }
        let all = try dump(.getLink, request, replyType: .newLink, as: Link.self, operation: "list links")
        return all.filter { link in
            (kind == nil || link.kindName == kind) && (masterIndex == nil || link.masterIndex == masterIndex)
        }
    }

    /// The link with this name. Throws ``NetlinkError/Code/notFound`` if there is none.
    /// Equivalent to `ip link show dev NAME`.
    public func link(named name: String) throws(NetlinkError) -> Link {
        try link(.name(name))
    }

    /// The link a reference names. Throws ``NetlinkError/Code/notFound`` if there is none.
    /// Equivalent to `ip link show dev NAME`.
    public func link(_ reference: LinkReference) throws(NetlinkError) -> Link {
        let request = try selector(reference, operation: "get link")
        return try get(.getLink, request, as: Link.self, operation: "get", object: reference.description)
    }

    /// The link a reference names, or `nil` if there is none.
    public func linkIfPresent(_ reference: LinkReference) throws(NetlinkError) -> Link? {
        do throws(NetlinkError) {
            return try link(reference)
        } catch where error.code == .notFound {
            return nil
        }
    }

    /// The counters of a link. Equivalent to `ip -s link show dev NAME`.
    public func statistics(of reference: LinkReference) throws(NetlinkError) -> LinkStatistics {
        guard let statistics = try link(reference).statistics else {
            throw NetlinkError(
                .notSupported, operation: "get statistics of", object: reference.description,
                reason: "the kernel sent no IFLA_STATS64")
        }
        return statistics
    }

    // MARK: Creating and deleting

    /// Creates a link from a request message (name, kind, and whatever else it sets), failing if
    /// the name is taken. The kind-specific methods (``addVeth(named:peerName:peerNamespace:mtu:macAddress:peerMACAddress:)``,
    /// ``addBridge(named:options:mtu:)``, ...) build the request for you.
    /// Equivalent to `ip link add NAME type KIND ...`.
    public func addLink(_ request: Link) throws(NetlinkError) {
        let kind = request.kindName ?? "link"
        let name = request.name ?? ""
        try LinkName.validate(name, operation: "create \(kind)")
        if case .veth(let options)? = request.info?.kind, let peerName = options.peer?.name {
            try LinkName.validate(peerName, operation: "create \(kind)")
        }
        try execute(.newLink, flags: [.create, .exclusive], request, operation: "create \(kind)", object: "link \(name)")
    }

    /// Deletes a link (a veth's peer goes with it). Throws ``NetlinkError/Code/notFound`` if it
    /// does not exist. Equivalent to `ip link del NAME`.
    public func deleteLink(_ reference: LinkReference) throws(NetlinkError) {
        let request = try selector(reference, operation: "delete link")
        try execute(.deleteLink, request, operation: "delete", object: reference.description)
    }

    // MARK: Changing settings

    /// Brings a link up. Equivalent to `ip link set NAME up`.
    public func setLinkUp(_ reference: LinkReference) throws(NetlinkError) {
        try modifyLink(reference, operation: "set up") { $0.flags = .up; $0.changeMask = .up }
    }

    /// Takes a link down. Equivalent to `ip link set NAME down`.
    public func setLinkDown(_ reference: LinkReference) throws(NetlinkError) {
        try modifyLink(reference, operation: "set down") { $0.changeMask = .up }
    }

    /// Sets the MTU. Equivalent to `ip link set NAME mtu MTU`.
    public func setMTU(_ mtu: UInt32, of reference: LinkReference) throws(NetlinkError) {
        try modifyLink(reference, operation: "set mtu \(mtu) of") { $0.mtu = mtu }
    }

    /// Sets the hardware address. Equivalent to `ip link set NAME address MAC`.
    public func setMACAddress(_ address: MACAddress, of reference: LinkReference) throws(NetlinkError) {
        try modifyLink(reference, operation: "set address \(address) of") { $0.macAddress = address }
    }

    /// Sets the transmit queue length. Equivalent to `ip link set NAME txqueuelen N`.
    public func setTxQueueLength(_ length: UInt32, of reference: LinkReference) throws(NetlinkError) {
        try modifyLink(reference, operation: "set txqueuelen \(length) of") { $0.txQueueLength = length }
    }

    /// Turns promiscuous mode on or off. Equivalent to `ip link set NAME promisc on|off`.
    public func setPromiscuous(_ on: Bool, of reference: LinkReference) throws(NetlinkError) {
        try modifyLink(reference, operation: "set promisc \(on ? "on" : "off") of") {
            $0.flags = on ? .promiscuous : []
            $0.changeMask = .promiscuous
        }
    }

    /// Turns all-multicast mode on or off. Equivalent to `ip link set NAME allmulticast on|off`.
    public func setAllMulticast(_ on: Bool, of reference: LinkReference) throws(NetlinkError) {
        try modifyLink(reference, operation: "set allmulticast \(on ? "on" : "off") of") {
            $0.flags = on ? .allMulticast : []
            $0.changeMask = .allMulticast
        }
    }

    /// Sets the alias; an empty alias removes it. Equivalent to `ip link set NAME alias TEXT`.
    public func setAlias(_ alias: String, of reference: LinkReference) throws(NetlinkError) {
        try modifyLink(reference, operation: "set alias of") { $0.alias = alias }
    }

    /// Enslaves a link to a bridge or VRF, or with `nil` frees it.
    /// Equivalent to `ip link set NAME master MASTER` / `ip link set NAME nomaster`.
    public func setMaster(_ master: LinkReference?, of reference: LinkReference) throws(NetlinkError) {
        let operation = master.map { "set master \($0) of" } ?? "set nomaster of"
        let masterIndex = try master.map { (master) throws(NetlinkError) -> Int32 in
            try index(of: master, operation: operation)
        } ?? 0
        try modifyLink(reference, operation: operation) { $0.masterIndex = masterIndex }
    }

    /// Renames a link (which must be down). Equivalent to `ip link set NAME name NEWNAME`.
    public func renameLink(_ reference: LinkReference, to newName: String) throws(NetlinkError) {
        let operation = "rename to \(newName)"
        try LinkName.validate(newName, operation: operation)
        let index = try index(of: reference, operation: operation)
        try modifyLink(.index(index), operation: operation, object: reference.description) { $0.name = newName }
    }

    /// Moves a link into another namespace, optionally renaming it on the way.
    /// Equivalent to `ip link set NAME netns NS [name NEWNAME]`.
    public func moveLink(
        _ reference: LinkReference, to namespace: NetworkNamespace, newName: String? = nil
    ) throws(NetlinkError) {
        let operation = "move to \(namespace.path)"
        if let newName { try LinkName.validate(newName, operation: operation) }
        var target = reference
        if newName != nil { target = .index(try index(of: reference, operation: operation)) }
        try withExtendedLifetime(namespace) { () throws(NetlinkError) in
            try modifyLink(target, operation: operation, object: reference.description) {
                $0.namespace = .fileDescriptor(namespace.descriptor.rawValue)
                if let newName { $0.name = newName }
            }
        }
    }

    /// Moves a link into the network namespace of a process. Equivalent to `ip link set NAME netns PID`.
    public func moveLink(_ reference: LinkReference, toProcess pid: Int32) throws(NetlinkError) {
        try modifyLink(reference, operation: "move to the namespace of process \(pid)") { $0.namespace = .processID(pid) }
    }

    // MARK: Helpers

    /// Sends `RTM_NEWLINK` without `NLM_F_CREATE` for an existing link, which changes what the
    /// request sets and nothing else (what `ip link set` sends).
    func modifyLink(
        _ reference: LinkReference, operation: String, object: String? = nil, _ change: (inout Link) -> Void
    ) throws(NetlinkError) {
        var request = try selector(reference, operation: operation)
        change(&request)
        try execute(.newLink, request, operation: operation, object: object ?? reference.description)
    }

    /// A request naming a link: by index, or by `IFLA_IFNAME` with index 0, which the kernel
    /// resolves itself (saving a lookup).
    func selector(_ reference: LinkReference, operation: String) throws(NetlinkError) -> Link {
        switch reference {
        case .index(let index):
            return Link(index: index)
        case .name(let name):
            try LinkName.validate(name, operation: operation)
            return Link(name: name)
        }
    }

    /// The index of a referenced link, asking the kernel only for a name.
    func index(of reference: LinkReference, operation: String) throws(NetlinkError) -> Int32 {
        switch reference {
        case .index(let index): return index
        case .name: return try link(reference).index
        }
    }
}
