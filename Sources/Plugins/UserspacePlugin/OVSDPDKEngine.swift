#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import OVSDB

/// Ports on an OVS-DPDK bridge, made over OVSDB (no `ovs-vsctl`): `dpdkvhostuserclient`
/// (the container's application is the vhost-user server), `dpdkvhostuser` (OVS is the server)
/// and memif as a `dpdk` port with `net_memif` devargs.
struct OVSDPDKEngine: UserspaceEngine {
    let config: UserspaceConfig

    /// The marks on our rows' `external_ids`: GC finds a network's ports by them, and DEL
    /// never removes a port that is not ours.
    static let pluginMark = "swift-cni/userspace"

    private func vswitch() -> VSwitch { VSwitch(client: OVSDBClient(socketPath: config.ovsdbSocket)) }

    private func failure(_ error: OVSDBError) -> CNIError {
        let code: CNIError.Code = error.code == .connect ? .tryAgainLater : .internal
        let hint = error.code == .connect ? " (is OVS running? \"ovsdbSocket\" is \(config.ovsdbSocket))" : ""
        return CNIError(code, "ovs-dpdk: \(error.message)\(hint)")
    }

    func addPort(_ request: PortRequest, whileApplying: (CreatedPort) throws -> Void) throws -> CreatedPort {
        let paths = request.paths
        let host = config.host
        var spec = VSwitchTransactions.PortSpec(
            bridge: host.bridgeName, name: paths.portName, type: "",
            externalIDs: ["cni-plugin": Self.pluginMark, "cni-network": config.name,
                          "cni-container-id": paths.containerID, "cni-ifname": paths.interfaceName])
        spec.tag = host.vlanID
        var queues: ContainerConfiguration.Queues?
        switch (host.interfaceType, host.vhostMode) {
        case (.vhostUser, .client):
            spec.type = "dpdkvhostuserclient"
            spec.options = ["vhost-server-path": paths.socketPath]
        case (.vhostUser, .server):
            spec.type = "dpdkvhostuser"
        case (.memif, _):
            // The peers' queue counts must match, or the connection comes up and OVS drops
            // everything it sends (DATAPLANE.md §3b): OVS transmits on one queue per PMD
            // thread plus one, so it gets as many receive queues, and the container the same.
            let otherConfig: [String: String]
            do { otherConfig = try vswitch().otherConfig() } catch { throw failure(error) }
            let count = Self.transmitQueues(otherConfig: otherConfig)
            queues = ContainerConfiguration.Queues(rx: count, tx: count)
            spec.type = "dpdk"
            spec.options = [
                "dpdk-devargs": "\(paths.memifDeviceName),role=\(host.memifRole.rawValue),socket=\(paths.socketPath)," +
                    "socket-abstract=no,id=0",
                "n_rxq": "\(count)",
            ]
        }
        let vswitch = vswitch()
        let created = CreatedPort(type: spec.type, name: paths.portName, bridge: host.bridgeName, queues: queues)
        do {
            _ = try vswitch.addPort(spec) { try whileApplying(created) }
        } catch let error as OVSDBError {
            throw failure(error)
        }
        do {
            // Sockets OVS creates exist once it has applied the port.
            switch (host.interfaceType, host.vhostMode) {
            case (.vhostUser, .client):
                break  // the container's application creates the socket
            case (.vhostUser, .server):
                try publishServerSocket(paths: paths, groupID: request.groupID, vswitch: vswitch)
            case (.memif, _):
                if host.memifRole == .server { try SocketAccess.grant(paths.socketPath, groupID: request.groupID) }
            }
        } catch {
            _ = try? vswitch.removePort(named: paths.portName)
            throw error
        }
        return created
    }

    /// How many transmit queues OVS uses on a DPDK port: one per PMD thread plus one for the
    /// main thread, the PMD threads counted from `pmd-cpu-mask` (one when it is unset, as on a
    /// single NUMA node).
    static func transmitQueues(otherConfig: [String: String]) -> Int {
        if let mask = otherConfig["pmd-cpu-mask"], let bits = UInt64(mask.hasPrefix("0x") ? String(mask.dropFirst(2)) : mask, radix: 16),
           bits != 0 {
            return bits.nonzeroBitCount + 1
        }
        return 2
    }

    /// A `dpdkvhostuser` socket is created by OVS in its own directory, named after the port;
    /// a hard link puts it in the container's socket directory (a Unix socket is found by its
    /// inode, so a link works like the original), with the group given access.
    private func publishServerSocket(paths: AttachmentPaths, groupID: UInt32?, vswitch: VSwitch) throws(CNIError) {
        var directory = config.ovsRunDirectory
        if let relative = try? vswitch.otherConfig()["vhost-sock-dir"], !relative.isEmpty { directory += "/\(relative)" }
        let source = "\(directory)/\(paths.portName)"
        try? FileSystem.removeFile(paths.socketPath)
        guard link(source, paths.socketPath) == 0 else {
            let code = errno
            throw CNIError(.internal, "\"host.vhost.mode\" \"server\": link OVS's socket \(source) to \(paths.socketPath): " +
                           "\(SystemError.describe(errno: code))" +
                           (code == EXDEV ? " (\"sharedDir\" must be on the file system of \"ovsRunDir\"; or use mode \"client\")" : ""))
        }
        try SocketAccess.grant(paths.socketPath, groupID: groupID)
    }

    func removePort(_ paths: AttachmentPaths) throws(CNIError) {
        let vswitch = vswitch()
        do {
            guard let existing = try vswitch.interface(named: paths.portName) else { return }
            guard existing.externalIDs["cni-container-id"] == paths.containerID else { return }
            try vswitch.removePort(named: paths.portName)
        } catch where error.code == .notApplied {
            // The port is out of the database; ovs-vswitchd catches up on its own (a memif
            // device whose peer just left can keep it busy for a while).
            return
        } catch {
            // Without the OVSDB socket there is no OVS, and so no port to remove.
            if error.code == .connect && !FileSystem.exists(config.ovsdbSocket) { return }
            throw failure(error)
        }
    }

    func checkPort(_ paths: AttachmentPaths) throws(CNIError) {
        let state: VSwitch.InterfaceState?
        do {
            state = try vswitch().interface(named: paths.portName)
        } catch {
            throw failure(error)
        }
        guard let state else {
            throw CNIError(.internal, "ovs-dpdk: port \(paths.portName) of container \(paths.containerID) is missing")
        }
        guard state.externalIDs["cni-container-id"] == paths.containerID else {
            throw CNIError(.internal, "ovs-dpdk: port \(paths.portName) belongs to another container " +
                           "(\(state.externalIDs["cni-container-id"] ?? "none"))")
        }
        if let error = state.error {
            throw CNIError(.internal, "ovs-dpdk: port \(paths.portName): \(error)")
        }
        guard let ofport = state.ofport, ofport > 0 else {
            throw CNIError(.internal, "ovs-dpdk: port \(paths.portName) has no OpenFlow port number")
        }
    }

    func checkAvailable() throws(CNIError) {
        do { try vswitch().client.echo() } catch { throw failure(error) }
    }

    func attachments(ofNetwork network: String) throws(CNIError) -> [GCAttachment] {
        let interfaces: [VSwitch.InterfaceState]
        do {
            interfaces = try vswitch().interfaces(withExternalID: "cni-network", equalTo: network)
        } catch {
            if error.code == .connect && !FileSystem.exists(config.ovsdbSocket) { return [] }
            throw failure(error)
        }
        return interfaces.compactMap { state in
            guard state.externalIDs["cni-plugin"] == Self.pluginMark, let id = state.externalIDs["cni-container-id"],
                  let name = state.externalIDs["cni-ifname"] else { return nil }
            return GCAttachment(containerID: id, interfaceName: name)
        }
    }
}

/// Access for the group named in `vhost.group` to the files and sockets of an attachment.
enum SocketAccess {
    /// Gives `groupID` read and write access to a socket (connecting needs write permission);
    /// without a group, only root may connect. The socket is opened with `O_PATH|O_NOFOLLOW`
    /// and changed through that descriptor: the directory may be writable by the container's
    /// group, and a symbolic link planted in the socket's place must not redirect the change.
    static func grant(_ path: String, groupID: UInt32?) throws(CNIError) {
        guard let groupID else { return }
        let fd = open(path, openPath | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            throw CNIError(.internal, "\"host.vhost.group\": open \(path): \(SystemError.describe(errno: errno))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else {
            throw CNIError(.internal, "\"host.vhost.group\": \(path) is not a socket")
        }
        guard fchownat(fd, "", UInt32.max, groupID, atEmptyPath) == 0, chmod("/proc/self/fd/\(fd)", 0o660) == 0 else {
            throw CNIError(.internal, "\"host.vhost.group\": give group \(groupID) access to \(path): " +
                           SystemError.describe(errno: errno))
        }
    }

    // Glibc's module hides these (_GNU_SOURCE); the values are Linux's generic ABI (x86-64, arm64).
    private static let openPath: Int32 = 0o10000000
    private static let atEmptyPath: Int32 = 0x1000

    /// The group ID for a name or number in `/etc/group`.
    static func groupID(_ group: String) throws(CNIError) -> UInt32 {
        if let number = UInt32(group) { return number }
        guard let entry = getgrnam(group) else {
            throw CNIError(.invalidNetworkConfig, "\"host.vhost.group\" \"\(group)\": no such group")
        }
        return entry.pointee.gr_gid
    }
}
