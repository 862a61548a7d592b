public import CNISkel
public import CNISpec
import LinuxSystem

/// `userspace`: gives a container a vhost-user or memif interface on a user-space switch
/// (OVS-DPDK or VPP), and hands the container the configuration its DPDK side needs
/// (`usrsp-app` reads it). A drop-in for Intel's userspace-cni-network-plugin; docs/USERSPACE.md.
public struct UserspacePlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI userspace plugin: vhost-user and memif interfaces on OVS-DPDK or VPP (swift-cni)" }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try UserspaceConfig(request.config)
        return try UserspaceAdd(config: config, request: request, engine: try Engines.engine(for: config)).run()
    }

    /// Removes the port, the socket, the configuration file and the IPAM lease; what is already
    /// gone is skipped, and every step runs even if an earlier one failed. Only what locates
    /// them is read from the configuration (``UserspaceDeleteConfig``).
    public func delete(_ request: PluginRequest) throws {
        let config = UserspaceDeleteConfig(request.config)
        var failures: [String] = []
        if let attachment = config.attachment {
            let paths = AttachmentPaths(containerID: request.containerID, interfaceName: request.interfaceName, config: attachment)
            do {
                try Engines.engine(for: attachment).removePort(paths)
            } catch {
                failures.append("\(error)")
            }
            AttachmentFiles.removeSocket(paths)
            AttachmentFiles.removeConfiguration(paths)
        }
        if !config.ipamType.isEmpty {
            do { _ = try request.delegate(.delete, to: config.ipamType) } catch { failures.append("IPAM: \(error)") }
        }
        if !failures.isEmpty { throw CNIError(.internal, failures.joined(separator: "; ")) }
    }

    /// The port exists, is ours and has no error; the container's configuration is in place;
    /// IPAM still holds the lease.
    public func check(_ request: PluginRequest) throws {
        let config = try UserspaceConfig(request.config)
        let paths = AttachmentPaths(containerID: request.containerID, interfaceName: request.interfaceName, config: config)
        try Engines.engine(for: config).checkPort(paths)
        guard let bytes = try? FileSystem.readFile(paths.configurationFile) else {
            throw CNIError(.internal, "the container's configuration \(paths.configurationFile) is missing")
        }
        let handover = try ContainerConfiguration.load(bytes: bytes, path: paths.configurationFile)
        if let previous = try request.prevResult()?.asCurrent(),
           let expected = previous.interfaces.first(where: { $0.name == request.interfaceName })?.mac,
           expected != handover.mac {
            throw CNIError(.internal, "\(paths.configurationFile) gives MAC \(handover.mac), prevResult \(expected)")
        }
        if !config.ipamType.isEmpty { _ = try request.delegate(.check, to: config.ipamType) }
    }

    /// Removes the ports and files of this network's attachments that are not in
    /// `cni.dev/valid-attachments`, then lets IPAM release their leases.
    public func garbageCollect(_ request: PluginRequest) throws {
        let config = try UserspaceConfig(request.config)
        let valid = Set(try request.config.validAttachments())
        let engine = try Engines.engine(for: config)
        var stale = Set(try engine.attachments(ofNetwork: config.name))
        stale.formUnion(Self.configuredAttachments(config: config))
        var failures: [String] = []
        // An engine that knows only a container ID's first 12 characters (VPP's tags) reports that.
        let isValid = { (attachment: GCAttachment) in
            valid.contains(attachment) || (attachment.containerID.count == 12 && valid.contains {
                $0.interfaceName == attachment.interfaceName && $0.containerID.hasPrefix(attachment.containerID)
            })
        }
        for attachment in stale.filter({ !isValid($0) }).sorted(by: { ($0.containerID, $0.interfaceName) < ($1.containerID, $1.interfaceName) }) {
            let paths = AttachmentPaths(containerID: attachment.containerID, interfaceName: attachment.interfaceName, config: config)
            do { try engine.removePort(paths) } catch { failures.append("\(error)") }
            AttachmentFiles.removeSocket(paths)
            AttachmentFiles.removeConfiguration(paths)
        }
        if !config.ipamType.isEmpty {
            do { _ = try request.delegate(.garbageCollect, to: config.ipamType) } catch { failures.append("IPAM: \(error)") }
        }
        if !failures.isEmpty { throw CNIError(.internal, failures.joined(separator: "; ")) }
    }

    /// STATUS: the switch answers (OVSDB's server, VPP's API; code 50 when it does not).
    public func status(_ request: PluginRequest) throws {
        let config = try UserspaceConfig(request.config)
        do {
            try Engines.engine(for: config).checkAvailable()
        } catch {
            throw CNIError(.pluginNotAvailable, error.message, details: error.details)
        }
        if !config.ipamType.isEmpty { _ = try request.delegate(.status, to: config.ipamType) }
    }

    /// Attachments of this network that have a configuration file in the data directory (for GC
    /// of attachments whose port is already gone).
    static func configuredAttachments(config: UserspaceConfig) -> [GCAttachment] {
        var found: [GCAttachment] = []
        for containerID in (try? FileSystem.listDirectory(config.dataDirectory)) ?? [] {
            let directory = "\(config.dataDirectory)/\(containerID)"
            for file in (try? FileSystem.listDirectory(directory)) ?? [] where file.hasPrefix("configData-") && file.hasSuffix(".json") {
                guard let bytes = try? FileSystem.readFile("\(directory)/\(file)"),
                      let handover = try? ContainerConfiguration.load(bytes: bytes, path: file),
                      handover.name == config.name, handover.containerId == containerID else { continue }
                found.append(GCAttachment(containerID: handover.containerId, interfaceName: handover.ifName))
            }
        }
        return found
    }
}
