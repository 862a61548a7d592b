/// IPv4 and IPv6 routes.
extension RouteNetlink {
    /// The routes of a table (the main table by default; `nil` for every table), optionally of one
    /// family. Cached clones are left out. Equivalent to `ip [-4|-6] route show [table TABLE]`.
    public func routes(family: IPFamily? = nil, table: UInt32? = RouteTable.main) throws(NetlinkError) -> [Route] {
        let request = Route(family: family?.addressFamily ?? AddressFamily.unspecified)
        let all = try dump(.getRoute, request, replyType: .newRoute, as: Route.self, operation: "list routes")
        return all.filter { route in
            (table == nil || route.table == table) && !route.flags.contains(.cloned)
                && (family == nil || route.family == family?.addressFamily)
        }
    }

    /// Adds a route, failing if an identical one exists.
    /// Equivalent to `ip route add PREFIX [via GATEWAY] [dev NAME] [table T] [metric M] [src S] [onlink]`.
    public func addRoute(_ route: Route) throws(NetlinkError) {
        try execute(.newRoute, flags: [.create, .exclusive], route, operation: "add route", object: describe(route))
    }

    /// Adds a route or replaces the one with the same destination, table and metric.
    /// Equivalent to `ip route replace ...`.
    public func replaceRoute(_ route: Route) throws(NetlinkError) {
        try execute(.newRoute, flags: [.create, .replace], route, operation: "replace route", object: describe(route))
    }

    /// Deletes a route. Throws ``NetlinkError/Code/notFound`` if there is none.
    ///
    /// The request matches any protocol, scope and type (as `ip route del` sends it), so a route
    /// built with the same destination, gateway, device and table deletes the kernel's route even
    /// when the kernel installed it (its protocol is `kernel`, not `boot`). Equivalent to `ip route del PREFIX [via G] [dev NAME] [table T]`.
    public func deleteRoute(_ route: Route) throws(NetlinkError) {
        var request = route
        request.routeProtocol = .unspecified
        request.scope = .nowhere
        request.type = .unspecified
        try execute(.deleteRoute, request, operation: "delete route", object: describe(route))
    }

    /// A short description for error messages: `10.0.0.0/24 via 10.0.0.1 dev #3 table 254`.
    func describe(_ route: Route) -> String {
        var text = route.destinationPrefix.map { $0.prefixLength == 0 ? "default" : $0.description } ?? "route"
        if let gateway = route.gateway { text += " via \(gateway)" }
        if let outputInterface = route.outputInterface { text += " dev #\(outputInterface)" }
        if route.table != RouteTable.main { text += " table \(route.table)" }
        return text
    }
}
