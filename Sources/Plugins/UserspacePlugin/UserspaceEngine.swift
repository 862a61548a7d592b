import CNISpec

/// A user-space switch that hosts the host side of attachments. The plugin talks to engines
/// only through this protocol, so that an engine (OVS-DPDK, VPP) is one type.
protocol UserspaceEngine {
    /// Creates the port for an attachment and returns what the container needs to know about
    /// it. A failure leaves no port behind. `whileApplying` is the caller's other work, run
    /// while the switch applies the change (the longest step); if it throws, the port is
    /// removed and the error rethrown.
    func addPort(_ request: PortRequest, whileApplying: (CreatedPort) throws -> Void) throws -> CreatedPort

    /// Removes an attachment's port; a port that is already gone is not an error.
    func removePort(_ paths: AttachmentPaths) throws(CNIError)

    /// Verifies that the attachment's port exists, is ours and is free of errors.
    func checkPort(_ paths: AttachmentPaths) throws(CNIError)

    /// The attachments of `network` that have a port, for GC.
    func attachments(ofNetwork network: String) throws(CNIError) -> [GCAttachment]

    /// Whether the switch can take ports now (STATUS).
    func checkAvailable() throws(CNIError)

    /// Gives the switch's side of a port the IPAM addresses, where the configuration asks for
    /// that (VPP with `netType` `interface`). Called after ``addPort(_:whileApplying:)``; a
    /// failure makes ADD remove the port.
    func assignAddresses(_ addresses: [IPConfig], to port: CreatedPort, request: PortRequest) throws(CNIError)
}

extension UserspaceEngine {
    func assignAddresses(_ addresses: [IPConfig], to port: CreatedPort, request: PortRequest) throws(CNIError) {}
}

/// Everything an engine needs to create one port.
struct PortRequest {
    var paths: AttachmentPaths
    var config: UserspaceConfig
    /// The group given access to the sockets (`vhost.group`), resolved.
    var groupID: UInt32?
}

/// A port an engine created.
struct CreatedPort: Sendable, Equatable {
    var type: String
    var name: String
    var bridge: String
    /// Queue counts the container's end must use, if they must match.
    var queues: ContainerConfiguration.Queues?
    /// The switch's own handle for the port (VPP's `sw_if_index`), if it has one.
    var handle: UInt32? = nil
}

enum Engines {
    /// The engine a configuration's host side names.
    static func engine(for config: UserspaceConfig) throws(CNIError) -> any UserspaceEngine {
        switch config.host.engine {
        case .ovsDPDK:
            return OVSDPDKEngine(config: config)
        case .vpp:
            return VPPEngine(config: config)
        }
    }
}
