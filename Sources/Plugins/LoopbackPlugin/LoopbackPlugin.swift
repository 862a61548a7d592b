public import CNISkel
public import CNISpec
import NetAddress
import Netlink
import NetNS
import PluginKit

/// `loopback`: brings `lo` up in the container's namespace and reports its addresses; a drop-in
/// for the reference plugin. It ignores `CNI_IFNAME`: it only ever configures `lo`. In a chain
/// it passes `prevResult` through.
public struct LoopbackPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI loopback plugin (swift-cni)" }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let previous = try request.prevResult()
        if let previous { _ = try previous.asCurrent() }  // must be convertible, as the reference checks
        let netlink = try Self.netlink(in: request.netns)
        let addresses: [IPPrefix]
        do {
            try netlink.setLinkUp("lo")  // ip link set lo up
            addresses = try netlink.addresses(of: "lo").compactMap(\.prefix)
        } catch {
            throw CNIError(error, "loopback")
        }
        if let stray = addresses.first(where: { !$0.address.isLoopback }) {
            throw CNIError(.internal, "loopback interface found with non-loopback address \"\(stray.address)\"")
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
        let netlink = try Self.netlink(in: request.netns)
        let link: Link
        do {
            link = try netlink.link(named: "lo")
        } catch {
            throw CNIError(error, "loopback")
        }
        guard link.isUp else { throw CNIError(.internal, "loopback interface is down") }
    }

    public func delete(_ request: PluginRequest) throws {
        guard let namespaces = try PluginNamespaces.openForDelete(containerPath: request.netns) else { return }
        do {
            try namespaces.containerNetlink.setLinkDown("lo")  // ip link set lo down
        } catch {
            throw CNIError(error, "loopback")
        }
    }

    /// A netlink socket inside `CNI_NETNS`.
    static func netlink(in path: String) throws(CNIError) -> RouteNetlink {
        let namespace: NetworkNamespace
        do {
            namespace = try NetworkNamespace.open(path)
        } catch {
            throw CNIError(netns: error)
        }
        do {
            return try RouteNetlink.open(in: namespace)
        } catch {
            throw CNIError(error, "open netlink in \(path)")
        }
    }
}
