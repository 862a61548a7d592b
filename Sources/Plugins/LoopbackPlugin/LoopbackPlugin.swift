public import CNISkel
public import CNISpec
import NetAddress
import NetNS

/// `loopback`: brings `lo` up in the container's namespace and reports its addresses; a drop-in
/// for the reference plugin. It ignores `CNI_IFNAME`: it only ever configures `lo`. In a chain
/// it passes `prevResult` through.
public struct LoopbackPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI loopback plugin (swift-cni)" }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let previous = try request.prevResult()
        if let previous { _ = try previous.asCurrent() }  // must be convertible, as the reference checks
        let namespace = try Self.open(request.netns)
        let addresses = try namespace.perform { () throws -> [IPPrefix] in
            try LoopbackInterface.setUp(true)
            let addresses = try LoopbackInterface.addresses()
            if let stray = addresses.first(where: { !$0.address.isLoopback }) {
                throw CNIError(.internal, "loopback interface found with non-loopback address \"\(stray.address)\"")
            }
            return addresses
        }
        if let previous { return previous }
        // The first address of each family, as the reference reports them.
        let first = [addresses.first { $0.family == .v4 }, addresses.first { $0.family == .v6 }].compactMap { $0 }
        return .v1(Result100(
            cniVersion: .current,
            interfaces: [Interface(name: "lo", mac: "00:00:00:00:00:00", sandbox: request.netns)],
            ips: first.map { IPConfig(interface: 0, address: $0) }))
    }

    public func check(_ request: PluginRequest) throws {
        let namespace = try Self.open(request.netns)
        guard try namespace.perform({ try LoopbackInterface.isUp() }) else {
            throw CNIError(.internal, "loopback interface is down")
        }
    }

    public func delete(_ request: PluginRequest) throws {
        guard !request.netns.isEmpty else { return }
        let namespace: NetworkNamespace
        do {
            namespace = try NetworkNamespace.open(request.netns)
        } catch where error.code == .notFound {
            return  // the namespace is gone, and `lo` with it
        }
        try namespace.perform { try LoopbackInterface.setUp(false) }
    }

    /// Opens `CNI_NETNS`, naming it in the error.
    static func open(_ path: String) throws -> NetworkNamespace {
        do {
            return try NetworkNamespace.open(path)
        } catch {
            throw CNIError(.internal, "CNI_NETNS: \(error)")
        }
    }
}
