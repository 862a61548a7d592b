public import CNISpec
public import Netlink
public import NetNS

extension CNIError {
    /// A netlink failure at the plugin boundary (code 999, the kernel's words kept).
    public init(_ error: NetlinkError, _ context: String? = nil) {
        self.init(.internal, context.map { "\($0): \(error)" } ?? "\(error)")
    }

    /// A namespace failure, naming `CNI_NETNS`.
    public init(netns error: NetNSError) {
        self.init(.internal, "CNI_NETNS: \(error)")
    }
}

/// The two sides a plugin configures: the host (the plugin's own namespace) and the container,
/// each with a netlink socket opened once and reused for the whole call.
public struct PluginNamespaces {
    public let container: NetworkNamespace
    public let containerNetlink: RouteNetlink
    public let host: RouteNetlink

    /// Opens `CNI_NETNS` and a netlink socket inside it, and one in our own namespace.
    public static func open(containerPath: String) throws(CNIError) -> PluginNamespaces {
        let container: NetworkNamespace
        do {
            container = try NetworkNamespace.open(containerPath)
        } catch {
            throw CNIError(netns: error)
        }
        do {
            return PluginNamespaces(
                container: container, containerNetlink: try RouteNetlink.open(in: container), host: try RouteNetlink.open())
        } catch {
            throw CNIError(error, "open netlink")
        }
    }

    /// The container's namespace for DEL: `nil` when `CNI_NETNS` is empty or already gone,
    /// which DEL must treat as "nothing left to undo there".
    public static func openForDelete(containerPath: String) throws(CNIError) -> PluginNamespaces? {
        guard !containerPath.isEmpty else { return nil }
        do {
            _ = try NetworkNamespace.open(containerPath)
        } catch where error.code == .notFound {
            return nil
        } catch {
            throw CNIError(netns: error)
        }
        return try open(containerPath: containerPath)
    }
}
