public import CNISpec

/// What a runtime knows about one attachment of a container to a network (Go's `RuntimeConf`).
public struct RuntimeAttachment: Sendable, Hashable {
    /// The container ID.
    public var containerID: String
    /// The path of the container's network namespace (may be empty for DEL).
    public var netns: String
    /// The interface name inside the container.
    public var interfaceName: String
    /// `CNI_ARGS` pairs.
    public var args: [CNIArgs.Pair]
    /// Capability data, by capability name; passed to plugins that declare the capability.
    public var capabilityArgs: JSONObject

    public init(containerID: String, netns: String, interfaceName: String = "eth0", args: [CNIArgs.Pair] = [],
                capabilityArgs: JSONObject = JSONObject()) {
        self.containerID = containerID
        self.netns = netns
        self.interfaceName = interfaceName
        self.args = args
        self.capabilityArgs = capabilityArgs
    }
}
