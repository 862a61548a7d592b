#if canImport(Glibc)
import Glibc
#endif
public import CNISpec
import LinuxSystem
import Netlink
import NetNS
import OVSDB
import PluginKit
public import UserspacePlugin

/// For `netType` `bridge`: an OVS-DPDK of the container's own, as in userspace-cni's OVS container
/// image. Its bridge has one DPDK port on the handed-over socket (`virtio_user` for vhost-user:
/// the host's port is a vhost-user backend, so this end is the virtio front end; `net_memif`
/// for memif) and its internal port, a kernel interface in the container, gets the addresses
/// IPAM gave. Runs until a signal, then stops both daemons and removes everything it made.
public struct ContainerOVS {
    /// Where things are and how EAL is set up.
    public struct Options: Sendable {
        /// The run directory: database, sockets, logs (removed at the end).
        public var directory: String
        /// The DPDK build of ovs-vswitchd.
        public var vswitchd: String
        /// How EAL gets its memory.
        public var memory: DPDKCommand.Memory
        /// EAL memory in MB.
        public var memoryMegabytes: Int
        /// The CPU of OVS's main thread (`dpdk-lcore-mask`).
        public var cpu: Int
        /// The CPU of its PMD thread (`pmd-cpu-mask`).
        public var pmdCPU: Int
        /// Free 2 MiB hugepages (for `auto`).
        public var freeHugepages: Int
        /// Where the socket is, if not at the configured path.
        public var socketDirectory: String?

        public init(directory: String, vswitchd: String = "/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk",
                    memory: DPDKCommand.Memory, memoryMegabytes: Int, cpu: Int, pmdCPU: Int, freeHugepages: Int,
                    socketDirectory: String?) {
            self.directory = directory
            self.vswitchd = vswitchd
            self.memory = memory
            self.memoryMegabytes = memoryMegabytes
            self.cpu = cpu
            self.pmdCPU = pmdCPU
            self.freeHugepages = freeHugepages
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

    private var bridge: String { configuration.config.bridge?.bridgeName ?? "br0" }
    private var filePrefix: String { "usrsp-ovs-\(configuration.containerId.prefix(12))-\(configuration.ifName)" }
    private var database: String { "\(options.directory)/conf.db" }
    private var socket: String { "\(options.directory)/db.sock" }

    /// Starts OVS, adds the bridge and port, configures the interface, and waits for SIGINT,
    /// SIGTERM or SIGHUP (blocked beforehand with ``SignalForwarding/blockInThisThread()``).
    public func run() throws(CNIError) {
        var daemons: [pid_t] = []
        defer { stop(daemons) }
        removeTapDevices()
        try prepareDatabase()
        daemons.append(try spawn("ovsdb-server", [database, "--remote=punix:\(socket)", "--unixctl=\(options.directory)/ovsdb-server.ctl",
                                                  "--log-file=\(options.directory)/ovsdb-server.log"]))
        let client = OVSDBClient(socketPath: socket)
        try waitUntil("ovsdb-server answers on \(socket)") { (try? client.echo()) != nil }
        try initialize(client)
        daemons.append(try spawn(options.vswitchd, ["unix:\(socket)", "--unixctl=\(options.directory)/ovs-vswitchd.ctl",
                                                    "--log-file=\(options.directory)/ovs-vswitchd.log"]))
        try waitUntil("DPDK initialised in ovs-vswitchd (\(options.directory)/ovs-vswitchd.log)") {
            let rows = try? client.transact([.select(table: "Open_vSwitch", where: [], columns: ["dpdk_initialized"])])
            return rows?.first?["rows"]?.arrayValue?.first?["dpdk_initialized"] == true
        }
        try addPort(client)
        try configureInterface()
        try waitForSignal(daemons)
    }

    private func prepareDatabase() throws(CNIError) {
        try? FileSystem.removeTree(options.directory)
        do {
            try FileSystem.createDirectory(options.directory, mode: 0o750)
            let created = try ProcessRunner.run(try Self.program("ovsdb-tool", environment),
                                                arguments: ["create", database, "/usr/share/openvswitch/vswitch.ovsschema"],
                                                environment: daemonEnvironment, timeout: 30)
            guard created.succeeded else {
                throw CNIError(.internal, "ovsdb-tool create: \(String(decoding: created.stderr, as: UTF8.self))")
            }
        } catch {
            throw CNIError.wrapping(error, context: "container OVS in \(options.directory)")
        }
    }

    /// `ovs-vsctl init` and the DPDK settings: no PCI devices, our file prefix, the memory
    /// asked for, one PMD thread that sleeps when idle, memory per port.
    private func initialize(_ client: OVSDBClient) throws(CNIError) {
        let useHugepages = switch options.memory {
        case .hugepages: true
        case .noHuge: false
        case .auto: options.freeHugepages * 2 >= options.memoryMegabytes
        }
        var otherConfig = [
            "dpdk-init": "true", "dpdk-lcore-mask": "0x\(String(1 << options.cpu, radix: 16))",
            "pmd-cpu-mask": "0x\(String(1 << options.pmdCPU, radix: 16))", "per-port-memory": "true",
            "pmd-maxsleep": "10000",
        ]
        if useHugepages {
            otherConfig["dpdk-extra"] = "--no-pci --single-file-segments --file-prefix=\(filePrefix)"
            otherConfig["dpdk-socket-mem"] = "\(options.memoryMegabytes)"
            otherConfig["dpdk-socket-limit"] = "\(options.memoryMegabytes)"
        } else {
            // --legacy-mem: OVS adds --in-memory otherwise, which --no-huge cannot go with.
            otherConfig["dpdk-extra"] = "--no-pci --no-huge --legacy-mem -m \(options.memoryMegabytes) --file-prefix=\(filePrefix)"
        }
        do {
            let existing = try client.transact([.select(table: "Open_vSwitch", where: [], columns: ["_uuid"])])
            var operations: [OVSDBOperation] = []
            if existing.first?["rows"]?.arrayValue?.isEmpty ?? true {
                operations.append(.insert(table: "Open_vSwitch", row: [:], uuidName: nil))
            }
            operations.append(.update(table: "Open_vSwitch", where: [], row: ["other_config": OVSDBDatum.map(otherConfig)]))
            _ = try client.transact(operations)
        } catch {
            throw CNIError(.internal, "container OVS: configure: \(error)")
        }
    }

    private func addPort(_ client: OVSDBClient) throws(CNIError) {
        let socketPath = DPDKCommand.socketPath(configuration, directory: options.socketDirectory)
        let isMemif = configuration.config.iftype == "memif"
        let device = try DPDKCommand.virtualDevice(configuration, name: isMemif ? "net_memif0" : "virtio_user0", socket: socketPath)
        var portOptions = ["dpdk-devargs": device]
        if isMemif, let queues = configuration.queues { portOptions["n_rxq"] = "\(queues.tx)" }
        do {
            _ = try VSwitch(client: client, applyTimeout: 20).addPort(.init(
                bridge: bridge, name: configuration.ifName, type: "dpdk", options: portOptions))
        } catch {
            throw CNIError(.internal, "container OVS: \(error)")
        }
    }

    /// The bridge's internal port is a kernel interface in our namespace: it gets IPAM's
    /// addresses and routes, so ordinary programs in the container use the user-space path.
    private func configureInterface() throws(CNIError) {
        guard case .object(let object) = configuration.ipResult, object["ips"]?.arrayValue?.isEmpty == false else { return }
        var result: Result100
        do {
            result = try JSONValueDecoder().decode(Result100.self, from: configuration.ipResult)
        } catch {
            throw CNIError.wrapping(error, context: "ipResult")
        }
        result.interfaces = [Interface(name: bridge, mac: configuration.mac)]
        for index in result.ips.indices { result.ips[index].interface = 0 }
        do {
            let namespace = try NetworkNamespace.open("/proc/self/ns/net")
            let netlink = try RouteNetlink.open(in: namespace)
            try waitUntil("interface \(bridge) appears") { (try? netlink.link(named: bridge)) != nil }
            try InterfaceConfiguration.apply(result, to: bridge, in: namespace, netlink: netlink)
        } catch {
            throw CNIError.wrapping(error, context: "configure \(bridge)")
        }
    }

    private func waitForSignal(_ daemons: [pid_t]) throws(CNIError) {
        try DaemonWaiting.waitForSignal(daemons, switchName: "container OVS", logDirectory: options.directory)
    }

    private var daemonEnvironment: [String] {
        environment.filter { !$0.hasPrefix("OVS_") } + ["OVS_RUNDIR=\(options.directory)", "OVS_LOGDIR=\(options.directory)",
                                                          "OVS_DBDIR=\(options.directory)"]
    }

    private func spawn(_ name: String, _ arguments: [String]) throws(CNIError) -> pid_t {
        let path = try Self.program(name, environment)
        do {
            return try ProcessRunner.spawn(path, arguments: [path] + arguments, environment: daemonEnvironment, options: .init(
                descriptors: [.open("/dev/null", flags: O_RDONLY, as: 0),
                              .open("\(options.directory)/\(name.split(separator: "/").last ?? "daemon").out", flags: O_WRONLY | O_CREAT | O_APPEND, as: 1),
                              .open("\(options.directory)/\(name.split(separator: "/").last ?? "daemon").out", flags: O_WRONLY | O_APPEND, as: 2)],
                // Our process group: whatever kills the agent's group (a runtime stopping the
                // container, a test giving up) takes the daemons along.
                grouping: .inherit))
        } catch {
            throw CNIError(.internal, "start \(path): \(error)")
        }
    }

    /// Stops the daemons (vswitchd first: it holds the EAL files) and removes their files.
    private func stop(_ daemons: [pid_t]) {
        for pid in daemons.reversed() { ProcessTable.terminate(pid, startTime: nil, grace: 5) }
        removeTapDevices()
        ApplicationRunner.removeRuntimeDirectories(prefix: filePrefix, environment: environment)
        try? FileSystem.removeTree(options.directory)
    }

    /// The netdev datapath's tap devices outlive ovs-vswitchd, and a second start fails on them
    /// ("datapath ovs-netdev already exists but cannot be opened"): they go with the daemons.
    private func removeTapDevices() {
        guard let netlink = try? RouteNetlink.open() else { return }
        for name in ["ovs-netdev", bridge] { try? netlink.deleteLink(.name(name)) }
    }

    private func waitUntil(_ what: String, timeout: Double = 20, _ condition: () -> Bool) throws(CNIError) {
        try DaemonWaiting.waitUntil(what, switchName: "container OVS", timeout: timeout, condition)
    }

    static func program(_ name: String, _ environment: [String]) throws(CNIError) -> String {
        let searchPath = environment.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        guard let path = ProcessRunner.resolve(name, searchPath: searchPath + ":/usr/sbin:/sbin") else {
            throw CNIError(.invalidEnvironment, "\(name) not found (Debian: openvswitch-switch-dpdk)")
        }
        return path
    }
}
