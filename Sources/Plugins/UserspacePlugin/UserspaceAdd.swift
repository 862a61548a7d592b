#if canImport(Glibc)
import Glibc
#endif
import CNISkel
import CNISpec
import LinuxSystem
import NetAddress
import PluginKit

/// ADD: the socket directory, the IPAM lease, the switch port and the container's
/// configuration file, each undone if a later step fails.
struct UserspaceAdd {
    let config: UserspaceConfig
    let request: PluginRequest
    let engine: any UserspaceEngine

    func run() throws -> AnyCNIResult {
        let paths = AttachmentPaths(containerID: request.containerID, interfaceName: request.interfaceName, config: config)
        guard paths.socketPath.utf8.count < 108 else {
            throw CNIError(.invalidNetworkConfig, "\"sharedDir\" \(config.sharedDirectory) is too long: the socket path " +
                           "\(paths.socketPath) has \(paths.socketPath.utf8.count) of at most 107 bytes")
        }
        let groupID = try config.host.vhostGroup.map { (group) throws(CNIError) in try SocketAccess.groupID(group) }
        if FileSystem.exists(paths.configurationFile) {
            throw CNIError(.internal, "\(request.interfaceName) of container \(request.containerID) is already attached " +
                           "(\(paths.configurationFile) exists)")
        }
        let rollback = Rollback()
        defer { rollback.runUnlessCommitted() }
        var generator = SystemRandomNumberGenerator()

        try AttachmentFiles.createDirectory(config.sharedDirectory, mode: 0o755, groupID: nil)
        // The group may write the directory only where its application creates the socket.
        let containerCreatesSocket = config.host.interfaceType == .vhostUser
            ? config.host.vhostMode == .client : config.host.memifRole == .client
        try AttachmentFiles.createDirectory(paths.socketDirectory, mode: groupID == nil ? 0o700 : containerCreatesSocket ? 0o770 : 0o750,
                                            groupID: groupID)
        rollback.add("remove socket \(paths.socketPath)") { AttachmentFiles.removeSocket(paths) }

        // IPAM and the configuration file are written while the switch applies the port.
        var result = Result100(cniVersion: .current)
        let mac = MACAddress.random(using: &generator).description
        let portRequest = PortRequest(paths: paths, config: config, groupID: groupID)
        let port = try engine.addPort(portRequest) { port in
            if !config.ipamType.isEmpty {
                guard let allocated = try request.delegate(.add, to: config.ipamType) else {
                    throw CNIError(.internal, "IPAM plugin \(config.ipamType) returned no result")
                }
                rollback.add("release addresses") { _ = try request.delegate(.delete, to: config.ipamType) }
                result = try allocated.asCurrent()
                guard !result.ips.isEmpty else { throw CNIError(.internal, "IPAM plugin \(config.ipamType) returned no address") }
            }
            result.interfaces = [Interface(name: request.interfaceName, mac: mac, sandbox: request.netns,
                                           socketPath: paths.socketPath)]
            for index in result.ips.indices { result.ips[index].interface = 0 }
            let handover = containerConfiguration(paths: paths, port: port, mac: mac, result: result)
            try AttachmentFiles.createDirectory(config.dataDirectory, mode: 0o755, groupID: nil)
            try AttachmentFiles.createDirectory(paths.dataDirectory, mode: groupID == nil ? 0o700 : 0o750, groupID: groupID)
            rollback.add("remove \(paths.configurationFile)") { AttachmentFiles.removeConfiguration(paths) }
            try AttachmentFiles.write(handover.encoded(), to: paths.configurationFile,
                                      mode: groupID == nil ? 0o600 : 0o640, groupID: groupID)
        }
        rollback.add("remove port \(port.name)") { try engine.removePort(paths) }
        try engine.assignAddresses(result.ips, to: port, request: portRequest)
        rollback.commit()
        return .v1(result)
    }

    private func containerConfiguration(paths: AttachmentPaths, port: CreatedPort, mac: String, result: Result100)
        -> ContainerConfiguration
    {
        let side = config.container
        var settings = ContainerConfiguration.Settings(
            engine: side.engine.rawValue, iftype: side.interfaceType.rawValue, netType: side.netType.rawValue)
        switch side.interfaceType {
        case .vhostUser:
            settings.vhost = .init(mode: side.vhostMode.rawValue, socketfile: paths.socketFile)
        case .memif:
            settings.memif = .init(role: side.memifRole.rawValue, mode: side.memifMode.rawValue, socketfile: paths.socketFile)
        }
        if side.netType == .bridge { settings.bridge = .init(bridgeName: side.bridgeName) }
        var ipResult = (try? JSONValueEncoder().encode(result)) ?? .object([:])
        if case .object(var object) = ipResult {
            object["interfaces"] = nil  // the container's view: its own interface is described above
            ipResult = .object(object)
        }
        return ContainerConfiguration(
            containerId: request.containerID, ifName: request.interfaceName, name: config.name, config: settings,
            ipResult: ipResult, socketDirectory: paths.socketDirectory, socketPath: paths.socketPath, mac: mac,
            queues: port.queues,
            hostPort: .init(engine: config.host.engine.rawValue, type: port.type, name: port.name, bridge: port.bridge))
    }
}

/// The attachment's files: created with the group's access, removed idempotently.
enum AttachmentFiles {
    static func createDirectory(_ path: String, mode: mode_t, groupID: UInt32?) throws(CNIError) {
        // Another interface of the container may share the directory: never take access away.
        var existing = stat()
        let previous: mode_t = stat(path, &existing) == 0 ? existing.st_mode & 0o777 : 0
        do {
            try FileSystem.createDirectory(path, mode: 0o755)
        } catch {
            throw CNIError(.ioFailure, "create \(path): \(error)")
        }
        // mkdir applies the umask, and the directory may have existed: set the mode explicitly.
        if chmod(path, mode | previous) != 0 || (groupID.map { chown(path, UInt32.max, $0) != 0 } ?? false) {
            throw CNIError(.ioFailure, "set access to \(path): \(SystemError.describe(errno: errno))")
        }
    }

    static func write(_ bytes: [UInt8], to path: String, mode: mode_t, groupID: UInt32?) throws(CNIError) {
        do {
            try FileSystem.writeFileAtomically(path, bytes, mode: mode)
        } catch {
            throw CNIError(.ioFailure, "write \(path): \(error)")
        }
        if let groupID, chown(path, UInt32.max, groupID) != 0 {
            throw CNIError(.ioFailure, "set the group of \(path): \(SystemError.describe(errno: errno))")
        }
    }

    /// Removes the socket and the container's socket directory once it holds nothing else.
    static func removeSocket(_ paths: AttachmentPaths) {
        try? FileSystem.removeFile(paths.socketPath)
        _ = rmdir(paths.socketDirectory)
    }

    /// Removes the configuration file and the data directory once it holds nothing else.
    static func removeConfiguration(_ paths: AttachmentPaths) {
        try? FileSystem.removeFile(paths.configurationFile)
        _ = rmdir(paths.dataDirectory)
    }
}
