/// Neighbour (ARP and NDP) entries.
extension RouteNetlink {
    /// The neighbour entries, optionally of one family and one link.
    /// Equivalent to `ip [-4|-6] neigh show [dev NAME]`.
    public func neighbors(family: IPFamily? = nil, of reference: LinkReference? = nil) throws(NetlinkError) -> [Neighbor] {
        let index = try reference.map { (reference) throws(NetlinkError) -> Int32 in
            try self.index(of: reference, operation: "list neighbours of")
        }
        let request = Neighbor(rawFamily: family?.addressFamily ?? AddressFamily.unspecified)
        let all = try dump(.getNeighbor, request, replyType: .newNeighbor, as: Neighbor.self, operation: "list neighbours")
        return all.filter { entry in
            (index == nil || entry.interfaceIndex == index) && (family == nil || entry.family == family?.addressFamily)
        }
    }

    /// Adds a neighbour entry, failing if one exists.
    /// Equivalent to `ip neigh add ADDR lladdr MAC dev NAME nud permanent`.
    public func addNeighbor(_ neighbor: Neighbor) throws(NetlinkError) {
        try execute(.newNeighbor, flags: [.create, .exclusive], neighbor, operation: "add neighbour", object: describe(neighbor))
    }

    /// Adds or replaces a neighbour entry. Equivalent to `ip neigh replace ADDR lladdr MAC dev NAME`.
    public func replaceNeighbor(_ neighbor: Neighbor) throws(NetlinkError) {
        try execute(.newNeighbor, flags: [.create, .replace], neighbor, operation: "replace neighbour", object: describe(neighbor))
    }

    /// Deletes a neighbour entry. Equivalent to `ip neigh del ADDR dev NAME`.
    public func deleteNeighbor(_ neighbor: Neighbor) throws(NetlinkError) {
        try execute(.deleteNeighbor, neighbor, operation: "delete neighbour", object: describe(neighbor))
    }

    func describe(_ neighbor: Neighbor) -> String {
        "\(neighbor.address?.description ?? "entry") on link #\(neighbor.interfaceIndex)"
    }
}
