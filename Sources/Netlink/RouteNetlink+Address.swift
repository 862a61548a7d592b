/// IPv4 and IPv6 addresses on links.
extension RouteNetlink {
    /// Options of an address beyond its prefix.
    public struct AddressOptions: Sendable, Hashable {
        /// `IFA_F_*` flags: `.noDAD` (`nodad`), `.noPrefixRoute` (`noprefixroute`), ...
        public var flags: InterfaceAddress.Flags
        /// The scope (`scope host|link|global`).
        public var scope: RouteScope
        /// An IPv4 label (`label NAME`).
        public var label: String?
        /// An IPv4 broadcast address (`broadcast ADDR`).
        public var broadcast: IPAddress?
        /// Preferred and valid lifetimes in seconds (`preferred_lft`, `valid_lft`).
        public var lifetimes: InterfaceAddress.Lifetimes?
        /// The metric of the prefix route (`metric N`).
        public var routePriority: UInt32?

        /// Creates options; the defaults are those of `ip address add`.
        public init(
            flags: InterfaceAddress.Flags = [], scope: RouteScope = .universe, label: String? = nil,
            broadcast: IPAddress? = nil, lifetimes: InterfaceAddress.Lifetimes? = nil, routePriority: UInt32? = nil
        ) {
            self.flags = flags
            self.scope = scope
            self.label = label
            self.broadcast = broadcast
            self.lifetimes = lifetimes
            self.routePriority = routePriority
        }

        /// The options `ip address add PREFIX brd +` gives: an IPv4 prefix with room for a
        /// broadcast address (shorter than /31) gets its subnet's last address as broadcast, as Go's
        /// netlink library (and so every reference plugin) adds addresses. Without it the kernel
        /// treats the subnet's broadcast address as unicast on that link.
        public static func withBroadcast(for prefix: IPPrefix) -> AddressOptions {
            var options = AddressOptions()
            if prefix.family == .v4 && prefix.prefixLength < 31 { options.broadcast = prefix.lastAddress }
            return options
        }
    }

    /// The addresses in the namespace, optionally of one family and one link.
    /// Equivalent to `ip [-4|-6] address show [dev NAME]`.
    public func addresses(family: IPFamily? = nil, of reference: LinkReference? = nil) throws(NetlinkError) -> [InterfaceAddress] {
        let index = try reference.map { (reference) throws(NetlinkError) -> Int32 in
            try self.index(of: reference, operation: "list addresses of")
        }
        let request = InterfaceAddress(family: family?.addressFamily ?? AddressFamily.unspecified)
        let all = try dump(
            .getAddress, request, replyType: .newAddress, as: InterfaceAddress.self, operation: "list addresses",
            object: reference?.description)
        return all.filter { address in
            (index == nil || address.interfaceIndex == index)
                && (family == nil || address.family == family?.addressFamily)
        }
    }

    /// Adds an address to a link, failing if it is there already.
    /// Equivalent to `ip address add PREFIX dev NAME [nodad] [noprefixroute]`.
    public func addAddress(
        _ prefix: IPPrefix, to reference: LinkReference, options: AddressOptions = AddressOptions()
    ) throws(NetlinkError) {
        try changeAddress(.newAddress, flags: [.create, .exclusive], prefix, reference, options, operation: "add address")
    }

    /// Adds an address, or updates it if it exists.
    /// Equivalent to `ip address replace PREFIX dev NAME`.
    public func replaceAddress(
        _ prefix: IPPrefix, on reference: LinkReference, options: AddressOptions = AddressOptions()
    ) throws(NetlinkError) {
        try changeAddress(.newAddress, flags: [.create, .replace], prefix, reference, options, operation: "replace address")
    }

    /// Removes an address from a link. Throws ``NetlinkError/Code/notFound`` if it is not there.
    /// Equivalent to `ip address del PREFIX dev NAME`.
    public func deleteAddress(_ prefix: IPPrefix, from reference: LinkReference) throws(NetlinkError) {
        try changeAddress(.deleteAddress, flags: [], prefix, reference, AddressOptions(), operation: "delete address")
    }

    private func changeAddress(
        _ type: NetlinkMessageType, flags: NetlinkMessageFlags, _ prefix: IPPrefix, _ reference: LinkReference,
        _ options: AddressOptions, operation: String
    ) throws(NetlinkError) {
        let object = "\(prefix) on \(reference)"
        let index = try index(of: reference, operation: "\(operation) \(prefix) to")
        var request = InterfaceAddress(prefix, interfaceIndex: index, flags: options.flags, scope: options.scope)
        request.label = options.label
        request.broadcast = options.broadcast
        request.lifetimes = options.lifetimes
        request.routePriority = options.routePriority
        try execute(type, flags: flags, request, operation: operation, object: object)
    }
}
