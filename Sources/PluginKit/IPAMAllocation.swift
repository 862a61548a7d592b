public import CNISkel
public import CNISpec

/// The configuration's IPAM plugin, for plugins that configure an interface from its result.
public enum IPAMAllocation {
    /// Runs the IPAM plugin's ADD, registers its DEL with `rollback` (so a later failure releases
    /// the lease), and returns the result in the current version with every address assigned to
    /// the result's interface at `interfaceIndex`. A result without addresses is an error, as it
    /// is for every reference plugin that configures an interface.
    public static func add(
        _ request: PluginRequest, ipamType: String, interfaceIndex: Int, rollback: Rollback
    ) throws(CNIError) -> Result100 {
        guard let allocated = try request.delegate(.add, to: ipamType) else {
            throw CNIError(.internal, "IPAM plugin \(ipamType) returned no result")
        }
        rollback.add("release addresses from \(ipamType)") { _ = try request.delegate(.delete, to: ipamType) }
        var result = try allocated.asCurrent()
        guard !result.ips.isEmpty else { throw CNIError(.internal, "IPAM plugin returned missing IP config") }
        for index in result.ips.indices { result.ips[index].interface = interfaceIndex }
        return result
    }

    /// Passes DEL, CHECK, GC or STATUS on to the IPAM plugin, if the configuration has one.
    public static func forward(_ command: CNICommand, _ request: PluginRequest, ipamType: String) throws(CNIError) {
        guard !ipamType.isEmpty else { return }
        _ = try request.delegate(command, to: ipamType)
    }
}
