import LinuxSystem

/// podman (Debian's 4.3, CNI backend) configured privately for one test: its own storage,
/// run directory, network config directory and plugin directory, a busybox image imported from
/// the host's busybox-static, and everything removed afterwards.
public final class PodmanHarness: @unchecked Sendable {
    public let root: String
    public var networkDirectory: String { "\(root)/net.d" }

    /// `pluginDirectory` holds the plugins podman may run (`cni_plugin_dirs`).
    public init(pluginDirectory: String) throws {
        root = try Fixtures.temporaryDirectory("swiftcni-podman")
        for directory in ["net.d", "tmp", "image/bin", "image/etc", "image/proc", "image/sys", "image/dev", "image/tmp"] {
            try FileSystem.createDirectory("\(root)/\(directory)")
        }
        let conf = """
            [containers]
            netns = "private"
            default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
            [engine]
            cgroup_manager = "cgroupfs"
            events_logger = "file"
            events_logfile_path = "\(root)/events.log"
            runtime = "runc"
            tmp_dir = "\(root)/tmp"
            lock_type = "file"
            [network]
            network_backend = "cni"
            cni_plugin_dirs = ["\(pluginDirectory)"]
            network_config_dir = "\(networkDirectory)"
            default_network = "swiftcni-podman-none"
            """
        try FileSystem.writeFileAtomically("\(root)/containers.conf", Array(conf.utf8))
        let storage = """
            [storage]
            driver = "vfs"
            runroot = "\(root)/runroot"
            graphroot = "\(root)/storage"
            """
        try FileSystem.writeFileAtomically("\(root)/storage.conf", Array(storage.utf8))
        // A busybox image, built from the host's static busybox: no registry needed.
        try Command.check(["cp", "/bin/busybox", "\(root)/image/bin/busybox"])
        for applet in ["sh", "ip", "wget", "nc", "ping", "cat", "sleep", "echo", "ifconfig", "hostname", "ls"] {
            try Command.check(["ln", "-s", "busybox", "\(root)/image/bin/\(applet)"])
        }
        try Command.check(["tar", "-C", "\(root)/image", "-cf", "\(root)/image.tar", "."])
        let imported = try podman("import", "--change", "CMD [\"/bin/sh\"]", "--change", "ENV PATH=/bin",
                                  "\(root)/image.tar", "localhost/swiftcni-bb:latest")
        guard imported.succeeded else { throw CommandFailure(command: "podman import", output: imported) }
    }

    /// The image tests run.
    public let image = "localhost/swiftcni-bb:latest"

    /// Runs podman with this harness's configuration.
    public func podman(_ arguments: String..., timeout: Double = 120) throws -> Command.Output {
        try Command.run(
            ["podman", "--root", "\(root)/storage", "--runroot", "\(root)/runroot", "--storage-driver", "vfs",
             "--cgroup-manager", "cgroupfs"] + arguments,
            environment: ["CONTAINERS_CONF": "\(root)/containers.conf", "CONTAINERS_STORAGE_CONF": "\(root)/storage.conf"],
            timeout: timeout)
    }

    /// Writes a network configuration list for podman.
    public func addNetwork(_ name: String, json: String) throws {
        try FileSystem.writeFileAtomically("\(networkDirectory)/\(name).conflist", Array(json.utf8))
    }

    deinit {
        _ = try? podman("rm", "--all", "--force", "--time", "0")
        _ = try? podman("rmi", "--all", "--force")
        try? FileSystem.removeTree(root)
    }
}
