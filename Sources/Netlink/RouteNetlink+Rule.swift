/// Policy routing rules.
extension RouteNetlink {
    /// The rules of a family. Equivalent to `ip [-4|-6] rule show`.
    public func rules(family: IPFamily) throws(NetlinkError) -> [Rule] {
        try dump(
            .getRule, Rule(rawFamily: family.addressFamily), replyType: .newRule, as: Rule.self,
            operation: "list rules")
    }

    /// Adds a rule. Equivalent to `ip rule add [from P] [to P] [fwmark M/MASK] [iif I] [oif O] table T priority N`.
    public func addRule(_ rule: Rule) throws(NetlinkError) {
        try execute(.newRule, flags: [.create, .exclusive], rule, operation: "add rule", object: describe(rule))
    }

    /// Deletes the first rule matching every field the given one sets. Throws
    /// ``NetlinkError/Code/notFound`` if none matches. Equivalent to `ip rule del ...`.
    public func deleteRule(_ rule: Rule) throws(NetlinkError) {
        try execute(.deleteRule, rule, operation: "delete rule", object: describe(rule))
    }

    func describe(_ rule: Rule) -> String {
        var parts: [String] = []
        if let priority = rule.priority { parts.append("\(priority):") }
        parts.append("from \(rule.sourcePrefix?.description ?? "all")")
        if let destination = rule.destinationPrefix { parts.append("to \(destination)") }
        if let mark = rule.firewallMark { parts.append("fwmark \(mark)") }
        if let input = rule.inputInterface { parts.append("iif \(input)") }
        if let output = rule.outputInterface { parts.append("oif \(output)") }
        parts.append("table \(rule.table)")
        return "rule " + parts.joined(separator: " ")
    }
}
