import CNISpec
import LinuxSystem
import NetAddress
import VPPAPI

/// Interfaces on VPP, made over its binary API (no `vppctl`): memif (VPP creates the socket as
/// the server, or connects as the client) and vhost-user (VPP's socket as the server, or VPP
/// connecting to the container's), in a bridge domain (`netType` `bridge`) or routed with the
/// IPAM addresses on VPP's side (`interface`).
///
/// VPP keeps no data of ours, so every interface we make carries a tag naming the network,
/// the container and the interface (``tag(network:containerID:interfaceName:)``): DEL, CHECK
/// and GC find their interfaces by it, and never touch one without it.
struct VPPEngine: UserspaceEngine {
    let config: UserspaceConfig

    private func client() -> VPPClient { VPPClient(path: config.vppAPISocket, clientName: "swift-cni-userspace") }

    private func failure(_ error: VPPAPIError) -> CNIError {
        let code: CNIError.Code = error.code == .connect ? .tryAgainLater : .internal
        let hint = error.code == .connect ? " (is VPP running? \"vppApiSocket\" is \(config.vppAPISocket))" : ""
        return CNIError(code, "vpp: \(error.message)\(hint)")
    }

    /// `cni/<network hash>/<container ID[:12]>/<ifName>`: fits VPP's 63-byte tag, and `/`
    /// appears in neither a container ID nor an interface name.
    static func tag(network: String, containerID: String, interfaceName: String) -> String {
        "\(networkTagPrefix(network))\(containerID.prefix(12))/\(interfaceName)"
    }

    static func networkTagPrefix(_ network: String) -> String { "cni/\(AttachmentPaths.hash(network).prefix(8))/" }

    private func tag(_ paths: AttachmentPaths) -> String {
        Self.tag(network: config.name, containerID: paths.containerID, interfaceName: paths.interfaceName)
    }

    func addPort(_ request: PortRequest, whileApplying: (CreatedPort) throws -> Void) throws -> CreatedPort {
        let client = client()
        defer { client.close() }
        let paths = request.paths
        let host = config.host
        let made: (index: UInt32, type: String)
        do {
            made = try createInterface(client: client, paths: paths)
        } catch {
            throw failure(error)
        }
        do {
            let bridge: String
            do {
                if host.netType == .bridge {
                    let domain = try bridgeDomain(client: client)
                    try client.call(SwInterfaceSetL2Bridge(swIfIndex: made.index, bridgeDomainID: domain, enable: true))
                    bridge = "\(domain)"
                } else {
                    bridge = ""
                }
                try client.call(SwInterfaceSetFlags(swIfIndex: made.index, adminUp: true))
            } catch {
                throw failure(error)
            }
            // Sockets VPP serves exist once it created the interface.
            let vppServes = host.interfaceType == .memif ? host.memifRole == .server : host.vhostMode == .server
            if vppServes { try SocketAccess.grant(paths.socketPath, groupID: request.groupID) }
            let created = CreatedPort(type: made.type, name: try interfaceName(client: client, index: made.index),
                                      bridge: bridge, queues: nil, handle: made.index)
            try whileApplying(created)
            return created
        } catch {
            deleteInterface(client: client, index: made.index, type: made.type)
            throw error
        }
    }

    /// The interface, tagged; for memif, its socket registered first (and dropped again if the
    /// interface cannot be made).
    private func createInterface(client: VPPClient, paths: AttachmentPaths)
        throws(VPPAPIError) -> (index: UInt32, type: String)
    {
        let host = config.host
        switch host.interfaceType {
        case .memif:
            let settings = MemifSettings(role: host.memifRole == .server ? .server : .client,
                                         mode: Self.memifMode(host.memifMode), socketID: 0)
            let index = try client.createMemif(socketFilename: paths.socketPath, settings: settings).swIfIndex
            do {
                try client.call(SwInterfaceTagAddDel(isAdd: true, swIfIndex: index, tag: tag(paths)))
            } catch {
                deleteInterface(client: client, index: index, type: "memif")
                throw error
            }
            return (index, "memif")
        case .vhostUser:
            var settings = VhostUserSettings(isServer: host.vhostMode == .server, socketFilename: paths.socketPath)
            settings.tag = tag(paths)
            return (try client.createVhostUser(settings), "vhost-user")
        }
    }

    static func memifMode(_ mode: UserspaceConfig.MemifMode) -> MemifMode {
        switch mode {
        case .ethernet: .ethernet
        case .ip: .ip
        case .injectPunt: .puntInject
        }
    }

    private func interfaceName(client: VPPClient, index: UInt32) throws(CNIError) -> String {
        do {
            return try client.interfaceName(swIfIndex: index) ?? "\(index)"
        } catch {
            throw failure(error)
        }
    }

    /// The bridge domain `host.bridge` names, made if missing: `bridgeId`, or a `bridgeName`
    /// that is a number, is that ID; any other name is the domain's tag, with an ID VPP picks.
    private func bridgeDomain(client: VPPClient) throws(VPPAPIError) -> UInt32 {
        let host = config.host
        return try client.ensureBridgeDomain(id: host.bridgeID.map(UInt32.init) ?? UInt32(host.bridgeName), tag: host.bridgeName)
    }

    /// Best effort, for undoing: the interface and, for memif, its socket registration.
    private func deleteInterface(client: VPPClient, index: UInt32, type: String) {
        if type == "memif" {
            _ = try? client.deleteMemif(swIfIndex: index)
        } else {
            _ = try? client.call(DeleteVhostUserIf(swIfIndex: index))
        }
    }

    func assignAddresses(_ addresses: [IPConfig], to port: CreatedPort, request: PortRequest) throws(CNIError) {
        guard config.host.netType == .interface, let index = port.handle, !addresses.isEmpty else { return }
        let client = client()
        defer { client.close() }
        for entry in addresses {
            do {
                try client.call(SwInterfaceAddDelAddress(swIfIndex: index, isAdd: true, address: entry.address.address,
                                                         prefixLength: UInt8(entry.address.prefixLength)))
            } catch {
                let cause = failure(error)
                throw CNIError(cause.code, "vpp: address \(entry.address) on \(port.name): \(error.message)")
            }
        }
    }

    /// Our interface for `paths`, if VPP has it.
    private func ourInterface(client: VPPClient, paths: AttachmentPaths) throws(VPPAPIError) -> SwInterfaceDetails? {
        let tag = tag(paths)
        return try client.dump(SwInterfaceDump()).first { $0.tag == tag }
    }

    func removePort(_ paths: AttachmentPaths) throws(CNIError) {
        let client = client()
        defer { client.close() }
        do {
            guard let existing = try ourInterface(client: client, paths: paths) else { return }
            if existing.interfaceName.hasPrefix("memif") {
                try client.deleteMemif(swIfIndex: existing.swIfIndex)
            } else {
                try client.call(DeleteVhostUserIf(swIfIndex: existing.swIfIndex))
            }
        } catch {
            // Without the API socket there is no VPP, and so no interface to remove.
            if error.code == .connect && !FileSystem.exists(config.vppAPISocket) { return }
            throw failure(error)
        }
    }

    func checkPort(_ paths: AttachmentPaths) throws(CNIError) {
        let client = client()
        defer { client.close() }
        let found: SwInterfaceDetails?
        let domains: [BridgeDomainDetails]
        do {
            found = try ourInterface(client: client, paths: paths)
            domains = config.host.netType == .bridge ? try client.dump(BridgeDomainDump()) : []
        } catch {
            throw failure(error)
        }
        guard let found else {
            throw CNIError(.internal, "vpp: the interface of container \(paths.containerID) (\(paths.interfaceName)) " +
                           "is missing (no interface tagged \(tag(paths)))")
        }
        guard found.isAdminUp else {
            throw CNIError(.internal, "vpp: interface \(found.interfaceName) is administratively down")
        }
        if config.host.netType == .bridge, !domains.contains(where: { $0.members.contains(found.swIfIndex) }) {
            throw CNIError(.internal, "vpp: interface \(found.interfaceName) is in no bridge domain")
        }
    }

    func checkAvailable() throws(CNIError) {
        let client = client()
        defer { client.close() }
        do { try client.call(ControlPing()) } catch { throw failure(error) }
    }

    /// The attachments of `network` that have an interface. A tag holds the first 12 characters
    /// of the container ID; the full ID comes from the attachment's configuration file where
    /// there is one (GC matches the short form against valid attachments).
    func attachments(ofNetwork network: String) throws(CNIError) -> [GCAttachment] {
        let interfaces: [SwInterfaceDetails]
        let client = client()
        defer { client.close() }
        do {
            interfaces = try client.dump(SwInterfaceDump())
        } catch {
            if error.code == .connect && !FileSystem.exists(config.vppAPISocket) { return [] }
            throw failure(error)
        }
        let prefix = Self.networkTagPrefix(network)
        let configured = UserspacePlugin.configuredAttachments(config: config)
        return interfaces.compactMap { details in
            guard details.tag.hasPrefix(prefix) else { return nil }
            let parts = details.tag.dropFirst(prefix.count).split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let shortID = String(parts[0])
            let interfaceName = String(parts[1])
            let full = configured.first { $0.interfaceName == interfaceName && $0.containerID.prefix(12) == shortID }
            return full ?? GCAttachment(containerID: shortID, interfaceName: interfaceName)
        }
    }
}
