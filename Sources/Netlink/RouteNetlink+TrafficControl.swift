/// Traffic control: the qdiscs and filters the bandwidth plugin needs (`tbf`, `ingress`, `clsact`,
/// `u32` and `matchall` filters with a `mirred` redirect to an `ifb`).
extension RouteNetlink {
    /// The qdiscs in the namespace, optionally of one link. Equivalent to `tc qdisc show [dev NAME]`.
    public func qdiscs(of reference: LinkReference? = nil) throws(NetlinkError) -> [Qdisc] {
        let index = try reference.map { (reference) throws(NetlinkError) -> Int32 in
            try self.index(of: reference, operation: "list qdiscs of")
        }
        let request = Qdisc(interfaceIndex: 0, handle: .unspecified, parent: .unspecified, kind: nil)
        let all = try dump(.getQdisc, request, replyType: .newQdisc, as: Qdisc.self, operation: "list qdiscs",
                           object: reference?.description)
        return all.filter { index == nil || $0.interfaceIndex == index }
    }

    /// Adds a qdisc, failing if one is there. Equivalent to
    /// `tc qdisc add dev NAME root handle 1: tbf rate R burst B limit L` or `tc qdisc add dev NAME ingress`.
    public func addQdisc(_ qdisc: Qdisc) throws(NetlinkError) {
        try execute(.newQdisc, flags: [.create, .exclusive], qdisc, operation: "add qdisc \(qdisc.kind?.name ?? "")",
                    object: "on link #\(qdisc.interfaceIndex)")
    }

    /// Adds or replaces a qdisc. Equivalent to `tc qdisc replace dev NAME ...`.
    public func replaceQdisc(_ qdisc: Qdisc) throws(NetlinkError) {
        try execute(.newQdisc, flags: [.create, .replace], qdisc,
                    operation: "replace qdisc \(qdisc.kind?.name ?? "")", object: "on link #\(qdisc.interfaceIndex)")
    }

    /// Deletes the qdisc with the given parent (and handle). Equivalent to
    /// `tc qdisc del dev NAME root` or `tc qdisc del dev NAME ingress`.
    public func deleteQdisc(_ qdisc: Qdisc) throws(NetlinkError) {
        try execute(.deleteQdisc, qdisc, operation: "delete qdisc \(qdisc.kind?.name ?? qdisc.parent.description)",
                    object: "on link #\(qdisc.interfaceIndex)")
    }

    /// The filters of a link under a parent. Equivalent to `tc filter show dev NAME parent PARENT`.
    public func filters(of reference: LinkReference, parent: TrafficControlHandle) throws(NetlinkError) -> [TrafficFilter] {
        let index = try index(of: reference, operation: "list filters of")
        let request = TrafficFilter(interfaceIndex: index, parent: parent, ethernetProtocol: 0, kind: nil)
        return try dump(.getFilter, request, replyType: .newFilter, as: TrafficFilter.self, operation: "list filters",
                        object: reference.description)
    }

    /// Adds a filter. Equivalent to
    /// `tc filter add dev NAME parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev IFB`.
    public func addFilter(_ filter: TrafficFilter) throws(NetlinkError) {
        try execute(.newFilter, flags: [.create, .exclusive], filter,
                    operation: "add filter \(filter.kind?.name ?? "")", object: "on link #\(filter.interfaceIndex)")
    }

    /// Deletes filters: those of one priority, or with priority 0 all under the parent.
    /// Equivalent to `tc filter del dev NAME parent PARENT [prio N]`.
    public func deleteFilter(_ filter: TrafficFilter) throws(NetlinkError) {
        var request = filter
        request.kind = nil
        try execute(.deleteFilter, request, operation: "delete filter", object: "on link #\(filter.interfaceIndex)")
    }
}
