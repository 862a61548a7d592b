public import CNISpec
public import UserspacePlugin

/// The command line of a DPDK application for a handed-over interface: EAL arguments that
/// attach it to the socket (`virtio_user` for vhost-user, `net_memif` for memif), isolate it
/// (`--no-pci`, a `--file-prefix` of its own) and size its memory, then the application's own.
public struct DPDKCommand: Sendable, Equatable {
    /// How EAL gets its memory.
    public enum Memory: String, Sendable, CaseIterable {
        /// Hugepages if enough are free, else ordinary pages.
        case auto
        /// Hugepages (`--in-memory --single-file-segments`: vhost-user allows 8 memory regions).
        case hugepages
        /// Ordinary pages (`--no-huge`): no hugepages needed at all.
        case noHuge = "no-huge"
    }

    /// What to build.
    public struct Options: Sendable, Equatable {
        /// The program (`dpdk-testpmd`, found on `PATH`, or a path).
        public var application: String
        /// How EAL gets its memory.
        public var memory: Memory
        /// EAL memory in MB (`-m`).
        public var memoryMegabytes: Int
        /// Extra EAL arguments (such as `--lcores`), before the generated ones' `--`.
        public var extraEAL: [String]
        /// Arguments for the application, after `--`.
        public var applicationArguments: [String]
        /// Where the socket is, if not at the configured path (a different mount point).
        public var socketDirectory: String?
        /// The CPU to run on when `extraEAL` sets no cores.
        public var cpu: Int
        /// Free 2 MiB hugepages (for `auto`).
        public var freeHugepages: Int

        public init(application: String = "dpdk-testpmd", memory: Memory = .auto, memoryMegabytes: Int = 256,
                    extraEAL: [String] = [], applicationArguments: [String] = [], socketDirectory: String? = nil,
                    cpu: Int = 0, freeHugepages: Int = 0) {
            self.application = application
            self.memory = memory
            self.memoryMegabytes = memoryMegabytes
            self.extraEAL = extraEAL
            self.applicationArguments = applicationArguments
            self.socketDirectory = socketDirectory
            self.cpu = cpu
            self.freeHugepages = freeHugepages
        }
    }

    /// The program.
    public var executable: String
    /// Its arguments (without argv[0]).
    public var arguments: [String]
    /// The EAL file prefix: `/var/run/dpdk/<prefix>` is removed when the application ends.
    public var filePrefix: String

    /// The socket path the application uses.
    public static func socketPath(_ configuration: ContainerConfiguration, directory: String?) -> String {
        guard let directory else { return configuration.socketPath }
        let file = configuration.socketPath.split(separator: "/").last.map(String.init) ?? configuration.socketPath
        return "\(directory)/\(file)"
    }

    /// The DPDK virtual device for the interface (`--vdev=` value).
    public static func virtualDevice(_ configuration: ContainerConfiguration, name: String, socket: String)
        throws(CNIError) -> String
    {
        switch configuration.config.iftype {
        case "vhostuser":
            guard let mode = configuration.config.vhost?.mode else {
                throw CNIError(.decodingFailure, "config.vhost.mode is missing for iftype \"vhostuser\"")
            }
            switch mode {
            // The container is the vhost-user server: it creates the socket, and OVS's
            // dpdkvhostuserclient port connects (and reconnects) to it.
            case "server": return "\(name),path=\(socket),server=1,queue_size=1024,mac=\(configuration.mac)"
            case "client": return "\(name),path=\(socket),queue_size=1024,mac=\(configuration.mac)"
            default: throw CNIError(.decodingFailure, "config.vhost.mode \"\(mode)\": must be \"server\" or \"client\"")
            }
        case "memif":
            guard let memif = configuration.config.memif else {
                throw CNIError(.decodingFailure, "config.memif is missing for iftype \"memif\"")
            }
            guard memif.role == "server" || memif.role == "client" else {
                throw CNIError(.decodingFailure, "config.memif.role \"\(memif.role)\": must be \"server\" or \"client\"")
            }
            guard memif.mode == "ethernet" else {
                throw CNIError(.unsupportedField, "config.memif.mode \"\(memif.mode)\": DPDK's net_memif supports only \"ethernet\"")
            }
            // socket-abstract=no: DPDK 22.11 defaults to an abstract socket, which exists only
            // in one network namespace; the handed-over socket is a file.
            return "\(name),role=\(memif.role),socket=\(socket),socket-abstract=no,id=0,mac=\(configuration.mac)"
        default:
            throw CNIError(.decodingFailure, "config.iftype \"\(configuration.config.iftype)\": must be \"vhostuser\" or \"memif\"")
        }
    }

    /// The command for `configuration` with `options`.
    public init(configuration: ContainerConfiguration, options: Options) throws(CNIError) {
        let socket = Self.socketPath(configuration, directory: options.socketDirectory)
        let deviceName = configuration.config.iftype == "memif" ? "net_memif0" : "virtio_user0"
        let device = try Self.virtualDevice(configuration, name: deviceName, socket: socket)
        filePrefix = Self.filePrefix(containerID: configuration.containerId, interfaceName: configuration.ifName)
        executable = options.application
        var eal: [String] = []
        let setsCores = options.extraEAL.contains { $0 == "-l" || $0 == "-c" || $0.hasPrefix("--lcores") || $0.hasPrefix("-l") }
        // testpmd needs a main lcore and a forwarding one; both on our CPU unless told otherwise.
        if !setsCores { eal.append("--lcores=0@\(options.cpu),1@\(options.cpu)") }
        eal += ["--no-pci", "--file-prefix=\(filePrefix)"]
        let useHugepages = switch options.memory {
        case .hugepages: true
        case .noHuge: false
        case .auto: options.freeHugepages * 2 >= options.memoryMegabytes
        }
        eal += useHugepages ? ["--in-memory", "--single-file-segments", "-m", "\(options.memoryMegabytes)"]
                            : ["--no-huge", "-m", "\(options.memoryMegabytes)"]
        eal += options.extraEAL + ["--vdev=\(device)"]

        var application: [String] = []
        if Self.isTestPMD(options.application) {
            // Sized for little memory (the default pool is for 32 ports), rings that match
            // queue_size=1024 on the vhost-user side.
            application += ["--nb-cores=1", "--total-num-mbufs=8192", "--rxd=1024", "--txd=1024"]
            if let queues = configuration.queues { application += ["--rxq=\(queues.rx)", "--txq=\(queues.tx)"] }
        }
        arguments = eal + ["--"] + application + options.applicationArguments
    }

    static func isTestPMD(_ application: String) -> Bool {
        application.split(separator: "/").last?.contains("testpmd") == true
    }

    /// `usrsp-<id12>-<ifName>`: unique per interface, so two applications never share EAL state.
    public static func filePrefix(containerID: String, interfaceName: String) -> String {
        "usrsp-\(containerID.prefix(12))-\(interfaceName)"
    }
}
