public import CNISkel
public import CNISpec

/// Addresses from the configuration's IPAM plugin for an ADD in progress.
public enum IPAMAllocation {
    /// Runs the IPAM plugin's ADD, registers its DEL with `rollback` (so a later failure releases
    /// the lease), and returns the result in the current version. A result without addresses is an
    /// error, as it is for every reference plugin that configures an interface.
    public static func add(_ request: PluginRequest, ipamType: String, rollback: Rollback) throws(CNIError) -> Result100 {
        guard let allocated = try request.delegate(.add, to: ipamType) else {
            throw CNIError(.internal, "IPAM plugin \(ipamType) returned no result")
        }
        rollback.add("release addresses from \(ipamType)") { _ = try request.delegate(.delete, to: ipamType) }
        let result = try allocated.asCurrent()
        guard !result.ips.isEmpty else { throw CNIError(.internal, "IPAM plugin returned missing IP config") }
        return result
    }
}
