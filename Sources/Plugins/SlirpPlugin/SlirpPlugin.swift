public import CNISkel
public import CNISpec
import LinuxSystem
import NetAddress
import NetNS
import PluginExec

/// `slirp`: user-mode networking for a container through `slirp4netns` (or `pasta`), which
/// needs no privileges on the host: rootless containers get a tap device whose traffic a user
/// process carries to the host's sockets.
public struct SlirpPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI slirp plugin: user-mode networking through slirp4netns or pasta (swift-cni)" }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try SlirpConfig(request.config)
        let mappings = try Self.portMappings(request)
        let namespace: NetworkNamespace
        do {
            namespace = try NetworkNamespace.open(request.netns)
        } catch {
            throw CNIError(.invalidEnvironment, "CNI_NETNS: \(error)")
        }
        let directory = SlirpState.directory(configured: config.stateDirectory, environment: request.environment)
        let stateFile = SlirpState.file(directory: directory, containerID: request.containerID, interfaceName: request.interfaceName)
        if let existing = try SlirpState.load(stateFile),
           ProcessTable.isRunning(existing.pid, startTime: existing.startTime) {
            throw CNIError(.internal, "\(request.interfaceName) of container \(request.containerID) already has " +
                           "\(existing.backend) running (pid \(existing.pid))")
        }
        let session = SlirpSession(config: config, request: request, directory: directory, namespace: namespace)
        let state = try session.start(mappings: mappings)
        do {
            try state.store(stateFile)
        } catch {
            session.stop(state)
            throw error
        }
        return .v1(Result100(
            cniVersion: .current,
            interfaces: [Interface(name: request.interfaceName, mac: state.mac, mtu: config.mtu, sandbox: request.netns)],
            ips: [IPConfig(interface: 0, address: config.containerAddress, gateway: config.gateway)]
                + (config.enableIPv6 ? [IPConfig(interface: 0, address: SlirpConfig.ipv6Container, gateway: SlirpConfig.ipv6Gateway)] : []),
            routes: [Route(destination: IPPrefix("0.0.0.0/0")!, gateway: config.gateway)]
                + (config.enableIPv6 ? [Route(destination: IPPrefix("::/0")!, gateway: SlirpConfig.ipv6Gateway)] : []),
            dns: config.disableDNS ? DNS() : DNS(nameservers: [config.dnsServer.description]
                + (config.enableIPv6 ? [SlirpConfig.ipv6DNS.description] : []))))
    }

    /// DEL: stops what ADD started for the attachment, found through its state file; only the
    /// state directory is read from the configuration (``SlirpDeleteConfig``).
    public func delete(_ request: PluginRequest) throws {
        let config = SlirpDeleteConfig(request.config)
        let directory = SlirpState.directory(configured: config.stateDirectory, environment: request.environment)
        let stateFile = SlirpState.file(directory: directory, containerID: request.containerID, interfaceName: request.interfaceName)
        guard let state = try SlirpState.load(stateFile) else { return }
        SlirpSession.stop(state)
        try? FileSystem.removeFile(stateFile)
    }

    public func check(_ request: PluginRequest) throws {
        let config = try SlirpConfig(request.config)
        let directory = SlirpState.directory(configured: config.stateDirectory, environment: request.environment)
        let stateFile = SlirpState.file(directory: directory, containerID: request.containerID, interfaceName: request.interfaceName)
        guard let state = try SlirpState.load(stateFile) else {
            throw CNIError(.internal, "no \(config.backend.rawValue) recorded for container \(request.containerID) \(request.interfaceName)")
        }
        try SlirpSession.check(state, config: config)
    }

    public func garbageCollect(_ request: PluginRequest) throws {
        let config = try SlirpConfig(request.config)
        let valid = Set(try request.config.validAttachments())
        let directory = SlirpState.directory(configured: config.stateDirectory, environment: request.environment)
        for (path, state) in SlirpState.all(in: directory) {
            if valid.contains(GCAttachment(containerID: state.containerID, interfaceName: state.interfaceName)) { continue }
            SlirpSession.stop(state)
            try? FileSystem.removeFile(path)
        }
    }

    public func status(_ request: PluginRequest) throws {
        let config = try SlirpConfig(request.config)
        _ = try SlirpSession.binary(for: config.backend, environment: request.environment)
    }

    /// The `portMappings` capability, checked: protocols slirp can forward, IPv4 host addresses.
    static func portMappings(_ request: PluginRequest) throws(CNIError) -> [PortMapping] {
        guard request.config.capabilities.contains(Capability.portMappings.rawValue) else { return [] }
        let mappings = try request.config.runtimeConfig().portMappings ?? []
        for (index, mapping) in mappings.enumerated() {
            let field = "runtimeConfig.portMappings[\(index)]"
            let proto = mapping.protocol.isEmpty ? "tcp" : mapping.protocol.lowercased()
            guard proto == "tcp" || proto == "udp" else {
                throw CNIError(.unsupportedField, "\(field).protocol \"\(mapping.protocol)\": slirp forwards tcp and udp only")
            }
            guard (1...65535).contains(mapping.hostPort), (1...65535).contains(mapping.containerPort) else {
                throw CNIError(.invalidNetworkConfig, "\(field): ports must be between 1 and 65535")
            }
            if !mapping.hostIP.isEmpty {
                guard let address = IPAddress(mapping.hostIP), address.isIPv4 else {
                    throw CNIError(.unsupportedField, "\(field).hostIP \"\(mapping.hostIP)\": must be an IPv4 address")
                }
            }
        }
        return mappings
    }
}
