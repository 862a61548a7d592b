public import CNISkel
public import CNISpec
import IPAM

/// `host-local`: allocates addresses from ranges and records the leases in files on the host,
/// a drop-in for the reference plugin that shares its on-disk format and lock, so that either
/// can take over a network from the other.
///
/// ADD leases one address per range set; DEL releases the attachment's leases; CHECK verifies
/// that the attachment holds a lease; GC (1.1.0) releases every lease no valid attachment holds.
public struct HostLocalPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI host-local IPAM plugin (swift-cni)" }

    /// `IP`: the address(es) to lease, comma-separated.
    public var knownArgs: [String] { ["IP"] }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        try Add(request: request).run()
    }

    public func check(_ request: PluginRequest) throws {
        try Check(request: request).run()
    }

    public func delete(_ request: PluginRequest) throws {
        try Delete(request: request).run()
    }

    public func garbageCollect(_ request: PluginRequest) throws {
        try GarbageCollect(request: request).run()
    }
}
