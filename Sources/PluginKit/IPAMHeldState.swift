public import CNISkel
import CNISpec

/// A plugin whose only state that outlives its containers is the IPAM plugin's leases: GC and
/// STATUS go to the IPAM plugin and read nothing else of the configuration, as the reference
/// plugins do, so a configuration that ADD would refuse cannot stop leases from being collected.
public protocol IPAMHeldState: CNIPlugin {}

extension IPAMHeldState {
    public func garbageCollect(_ request: PluginRequest) throws {
        try IPAMAllocation.forward(.garbageCollect, request, ipamType: request.config.ipamType)
    }

    public func status(_ request: PluginRequest) throws {
        try IPAMAllocation.forward(.status, request, ipamType: request.config.ipamType)
    }
}
