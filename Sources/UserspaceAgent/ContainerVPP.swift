#if canImport(Glibc)
import Glibc
#endif
public import CNISpec
import LinuxSystem
import NetAddress
public import UserspacePlugin
import VPPAPI

/// A VPP of the container's own, as in userspace-cni's VPP container image: it takes the
/// container's end of the handed-over interface (memif or vhost-user, in the roles the
/// configuration gives the container), brings it up, and puts it into the bridge domain
/// `config.bridge.bridgeName` names (`netType` `bridge`) or gives it IPAM's addresses
/// (`interface`). Runs until a signal, then stops VPP and removes everything it made.
public struct ContainerVPP {
    /// Where things are.
    public struct Options: Sendable {
        /// The run directory: startup.conf, API and CLI sockets, log (removed at the end).
        public var directory: String
        /// The VPP binary (a path, or a name found on PATH).
        public var binary: String
        /// The CPU of VPP's main thread.
        public var cpu: Int
        /// Where the socket is, if not at the configured path.
        public var socketDirectory: String?

        public init(directory: String, binary: String = "vpp", cpu: Int, socketDirectory: String?) {
            self.directory = directory
            self.binary = binary
            self.cpu = cpu
            self.socketDirectory = socketDirectory
        }
    }

    let configuration: ContainerConfiguration
    let options: Options
    let environment: [String]

    public init(configuration: ContainerConfiguration, options: Options, environment: [String]) {
        self.configuration = configuration
        self.options = options
        self.environment = environment
    }

    private static let name = "container VPP"
    private var apiSocket: String { "\(options.directory)/api.sock" }
    private var segmentPrefix: String { "usrsp-vpp-\(configuration.containerId.prefix(12))-\(configuration.ifName)" }

    /// VPP's startup configuration: no hugepages (4k pages everywhere), only the plugins the
    /// interface needs, every file in our directory.
    public var startupConfiguration: String {
        let directory = options.directory
        return """
            unix { nodaemon log \(directory)/vpp.log cli-listen \(directory)/cli.sock runtime-dir \(directory) }
            api-segment { prefix \(segmentPrefix) }
            socksvr { socket-name \(apiSocket) }
            memory { main-heap-size 512M main-heap-page-size 4k }
            buffers { buffers-per-numa 16384 page-size 4k }
            cpu { main-core \(options.cpu) }
            plugins { plugin default { disable } plugin memif_plugin.so { enable } plugin vhost_plugin.so { enable } plugin ping_plugin.so { enable } }
            statseg { socket-name \(directory)/stats.sock size 32M page-size 4k }

            """
    }

    /// Starts VPP, makes the interface, and waits for SIGINT, SIGTERM or SIGHUP.
    public func run() throws(CNIError) {
        try? FileSystem.removeTree(options.directory)
        do {
            try FileSystem.createDirectory(options.directory, mode: 0o750)
            try FileSystem.writeFileAtomically("\(options.directory)/startup.conf", Array(startupConfiguration.utf8))
        } catch {
            throw CNIError.wrapping(error, context: "\(Self.name) in \(options.directory)")
        }
        let daemon = try spawn()
        defer { stop(daemon) }
        let client = VPPClient(path: apiSocket, clientName: "usrsp-app")
        defer { client.close() }
        try DaemonWaiting.waitUntil("VPP answers on \(apiSocket)", switchName: Self.name) {
            FileSystem.exists(apiSocket) && (try? client.call(ControlPing())) != nil
        }
        do {
            try configure(client)
        } catch {
            throw CNIError(.internal, "\(Self.name): \(error)")
        }
        client.close()
        try DaemonWaiting.waitForSignal([daemon], switchName: Self.name, logDirectory: options.directory)
    }

    private func configure(_ client: VPPClient) throws(VPPAPIError) {
        let socket = DPDKCommand.socketPath(configuration, directory: options.socketDirectory)
        let index: UInt32
        if let memif = configuration.config.memif {
            let mode: MemifMode = switch memif.mode {
            case "ip": .ip
            case "inject-punt": .puntInject
            default: .ethernet
            }
            var settings = MemifSettings(role: memif.role == "server" ? .server : .client, mode: mode, socketID: 0)
            settings.macAddress = MACAddress(configuration.mac)?.bytes ?? settings.macAddress
            if let queues = configuration.queues {
                settings.rxQueues = UInt8(clamping: queues.rx)
                settings.txQueues = UInt8(clamping: queues.tx)
            }
            index = try client.createMemif(socketFilename: socket, settings: settings).swIfIndex
        } else {
            var settings = VhostUserSettings(isServer: configuration.config.vhost?.mode == "server", socketFilename: socket)
            settings.macAddress = MACAddress(configuration.mac)?.bytes
            index = try client.createVhostUser(settings)
        }
        if configuration.config.netType == "bridge" {
            let name = configuration.config.bridge?.bridgeName ?? "br0"
            let domain = try client.ensureBridgeDomain(id: UInt32(name), tag: name)
            try client.call(SwInterfaceSetL2Bridge(swIfIndex: index, bridgeDomainID: domain, enable: true))
        } else {
            for address in Self.addresses(configuration.ipResult) {
                try client.call(SwInterfaceAddDelAddress(swIfIndex: index, isAdd: true, address: address.address,
                                                         prefixLength: UInt8(address.prefixLength)))
            }
        }
        try client.call(SwInterfaceSetFlags(swIfIndex: index, adminUp: true))
    }

    /// IPAM's addresses in the handed-over result.
    static func addresses(_ ipResult: JSONValue) -> [IPPrefix] {
        (ipResult["ips"]?.arrayValue ?? []).compactMap { $0["address"]?.stringValue.flatMap { IPPrefix($0) } }
    }

    private func spawn() throws(CNIError) -> pid_t {
        let searchPath = environment.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? "/usr/bin:/bin"
        guard let path = ProcessRunner.resolve(options.binary, searchPath: searchPath + ":/usr/sbin:/sbin") else {
            throw CNIError(.invalidEnvironment, "\(options.binary) not found: give the VPP binary with --vpp")
        }
        let output = "\(options.directory)/vpp.out"
        do {
            return try ProcessRunner.spawn(path, arguments: [path, "-c", "\(options.directory)/startup.conf"],
                                           environment: environment, options: .init(
                descriptors: [.open("/dev/null", flags: O_RDONLY, as: 0), .open(output, flags: O_WRONLY | O_CREAT | O_APPEND, as: 1),
                              .open(output, flags: O_WRONLY | O_APPEND, as: 2)],
                // Our process group: whatever kills the agent's group takes VPP along.
                grouping: .inherit))
        } catch {
            throw CNIError(.internal, "start \(path): \(error)")
        }
    }

    /// Stops VPP and removes its directory and shared memory segments.
    private func stop(_ daemon: pid_t) {
        ProcessTable.terminate(daemon, startTime: nil, grace: 5)
        try? FileSystem.removeTree(options.directory)
        for name in (try? FileSystem.listDirectory("/dev/shm")) ?? [] where name.hasPrefix(segmentPrefix) {
            try? FileSystem.removeFile("/dev/shm/\(name)")
        }
    }
}
