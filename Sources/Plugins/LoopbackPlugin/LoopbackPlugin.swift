public import CNISkel
public import CNISpec

/// `loopback`: brings up `lo` in the container's namespace (drop-in for the reference plugin).
public struct LoopbackPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI loopback plugin (swift-cni)" }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        throw CNIError(.internal, "loopback: not yet implemented")
    }

    public func check(_ request: PluginRequest) throws {}

    public func delete(_ request: PluginRequest) throws {}
}
