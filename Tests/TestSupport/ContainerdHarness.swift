#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem

/// containerd (Debian's 1.6) started privately for one test, with a busybox OCI image built from
/// the host's busybox-static, and `ctr run --cni` run in a private mount namespace in which
/// `/etc/cni/net.d` and `/opt/cni/bin` (which ctr hard-codes) are our directories. Stopped and
/// removed afterwards.
public final class ContainerdHarness: @unchecked Sendable {
    public let root: String
    public var socket: String { "\(root)/containerd.sock" }
    public var networkDirectory: String { "\(root)/net.d" }
    public let image = "localhost/swiftcni-bb:latest"
    private let daemon: BackgroundProcess
    private let pluginDirectory: String
    /// Fixed paths containerd and ctr use whatever the config says; removed afterwards unless
    /// they were there before.
    private let leftoverPaths: [String]

    public init(pluginDirectory: String) throws {
        self.pluginDirectory = pluginDirectory
        let cgroups = ((try? FileSystem.listDirectory("/sys/fs/cgroup")) ?? []).map { "/sys/fs/cgroup/\($0)/default" }
        leftoverPaths = (["/run/containerd"] + cgroups).filter { !FileSystem.exists($0) }
        root = try Fixtures.temporaryDirectory("swiftcni-containerd")
        try FileSystem.createDirectory("\(root)/net.d")
        let config = """
            version = 2
            root = "\(root)/root"
            state = "\(root)/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "\(root)/containerd.sock"
            [ttrpc]
              address = "\(root)/containerd.sock.ttrpc"
            [plugins."io.containerd.internal.v1.opt"]
              path = "\(root)/opt"
            """
        try FileSystem.writeFileAtomically("\(root)/config.toml", Array(config.utf8))
        daemon = try BackgroundProcess(["containerd", "--config", "\(root)/config.toml"])
        let socket = "\(root)/containerd.sock"
        guard eventually(timeout: 20, { FileSystem.exists(socket) }) else {
            throw CommandFailure(command: "containerd", output: .init(stdout: "", stderr: "no socket after 20 s", status: 1))
        }
        try buildImage()
        let imported = try ctr("-n", "default", "images", "import", "--base-name", "localhost/swiftcni-bb", "\(root)/image.tar")
        guard imported.succeeded else { throw CommandFailure(command: "ctr images import", output: imported) }
    }

    /// `ctr` against this daemon, outside any private mount namespace.
    public func ctr(_ arguments: String..., timeout: Double = 60) throws -> Command.Output {
        try Command.run(["ctr", "-a", socket] + arguments, timeout: timeout)
    }

    /// The script that runs `ctr ARGS` with our CNI directories mounted where ctr looks.
    public var ctrWithCNI: String {
        """
        unshare -m sh -c '
          mount --make-rprivate /
          mkdir -p /etc/cni/net.d && mount --bind \(networkDirectory) /etc/cni/net.d
          if [ ! -d /opt/cni/bin ]; then
            mkdir -p \(root)/ovl/up \(root)/ovl/work
            mount -t overlay overlay -o lowerdir=/opt,upperdir=\(root)/ovl/up,workdir=\(root)/ovl/work /opt
            mkdir -p /opt/cni/bin
          fi
          mount --bind \(pluginDirectory) /opt/cni/bin
          exec ctr -a \(socket) -n default "$@"' ctr
        """
    }

    /// Writes the configuration list ctr picks (the first in /etc/cni/net.d by name).
    public func setNetwork(json: String) throws {
        try FileSystem.writeFileAtomically("\(networkDirectory)/10-net.conflist", Array(json.utf8))
    }

    /// An OCI image archive of busybox, written by hand: no registry, no other tool.
    private func buildImage() throws {
        let script = """
            set -e
            cd \(root)
            mkdir -p rootfs/bin rootfs/etc rootfs/proc rootfs/sys rootfs/dev rootfs/tmp oci/blobs/sha256
            cp /bin/busybox rootfs/bin/busybox
            for a in sh ip ping sleep cat echo nc wget; do ln -sf busybox rootfs/bin/$a; done
            tar -C rootfs -cf layer.tar .
            layer=$(sha256sum layer.tar | cut -d' ' -f1); lsize=$(stat -c %s layer.tar)
            mv layer.tar oci/blobs/sha256/$layer
            printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sh"],"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' $layer > config.json
            config=$(sha256sum config.json | cut -d' ' -f1); csize=$(stat -c %s config.json); mv config.json oci/blobs/sha256/$config
            printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' $config $csize $layer $lsize > manifest.json
            manifest=$(sha256sum manifest.json | cut -d' ' -f1); msize=$(stat -c %s manifest.json); mv manifest.json oci/blobs/sha256/$manifest
            printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' $manifest $msize > oci/index.json
            echo '{"imageLayoutVersion":"1.0.0"}' > oci/oci-layout
            tar -C oci -cf image.tar .
            """
        try Command.check(["sh", "-c", script])
    }

    deinit {
        _ = try? Command.run(["sh", "-c", "for t in $(ctr -a \(socket) -n default tasks ls -q); do ctr -a \(socket) -n default tasks kill -s KILL $t; done; sleep 0.5; for c in $(ctr -a \(socket) -n default containers ls -q); do ctr -a \(socket) -n default tasks delete -f $c; ctr -a \(socket) -n default containers delete $c; done"])
        _ = kill(daemon.pid, SIGTERM)
        _ = daemon.wait(timeout: 10)
        _ = try? Command.run(["sh", "-c", "grep -l '\(root)' /proc/mounts >/dev/null 2>&1; awk '$2 ~ \"^\(root)\" {print $2}' /proc/mounts | sort -r | xargs -r umount -l"])
        try? FileSystem.removeTree(root)
        for path in leftoverPaths where FileSystem.exists(path) {
            if path.hasPrefix("/sys/fs/cgroup/") { try? FileSystem.removeDirectory(path) } else { try? FileSystem.removeTree(path) }
        }
    }
}
