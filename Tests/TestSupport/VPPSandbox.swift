#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem

/// A private VPP for one test: the binary from `VPP_BIN` or `vpp` on PATH (VPP is not packaged
/// for Debian; the project never fetches or builds it), run in the foreground with its API and
/// CLI sockets, log and runtime files under a temporary directory, no hugepages, only the memif
/// and vhost-user plugins. The process and every file go away when the test ends.
public final class VPPSandbox: @unchecked Sendable {
    /// The VPP binary, if this machine has one.
    public static let binary: String? = {
        let environment = ProcessEnvironment.current
        if let given = environment.last(where: { $0.hasPrefix("VPP_BIN=") })?.dropFirst(8), !given.isEmpty {
            return FileSystem.isExecutableFile(String(given)) ? String(given) : nil
        }
        let searchPath = environment.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? "/usr/bin:/bin"
        return ProcessRunner.resolve("vpp", searchPath: searchPath)
    }()

    /// Why the VPP tier does not run here.
    public static let disabledReason =
        "VPP tier: no VPP binary (set VPP_BIN or put vpp on PATH; build it by hand, see docs/USERSPACE.md); not run"

    /// The run directory.
    public let directory: String
    /// The binary API socket.
    public var apiSocket: String { "\(directory)/api.sock" }
    /// The CLI socket (`vppctl -s`).
    public var cliSocket: String { "\(directory)/cli.sock" }
    private let process: pid_t
    private let segmentPrefix: String

    public init() throws {
        guard let binary = Self.binary else {
            throw CommandFailure(command: "vpp", output: .init(stdout: "", stderr: Self.disabledReason, status: 127))
        }
        let tag = String(UInt32.random(in: 0 ... .max), radix: 16)
        directory = "/tmp/vp-vpp-\(tag)"
        segmentPrefix = "vp-vpp-\(tag)"
        try FileSystem.createDirectory(directory, mode: 0o755)
        let startup = """
            unix { nodaemon log \(directory)/vpp.log cli-listen \(directory)/cli.sock runtime-dir \(directory) }
            api-segment { prefix \(segmentPrefix) }
            socksvr { socket-name \(directory)/api.sock }
            memory { main-heap-size 512M main-heap-page-size 4k }
            buffers { buffers-per-numa 16384 page-size 4k }
            cpu { main-core \(Self.lastAllowedCPU()) }
            plugins { plugin default { disable } plugin memif_plugin.so { enable } plugin vhost_plugin.so { enable } }
            statseg { socket-name \(directory)/stats.sock size 32M page-size 4k }
            """
        try FileSystem.writeFileAtomically("\(directory)/startup.conf", Array(startup.utf8))
        process = try ProcessRunner.spawn(binary, arguments: [binary, "-c", "\(directory)/startup.conf"],
                                          environment: ProcessEnvironment.current, options: .init(
            descriptors: [.open("/dev/null", flags: O_RDONLY, as: 0),
                          .open("\(directory)/vpp.out", flags: O_WRONLY | O_CREAT | O_APPEND, as: 1),
                          .open("\(directory)/vpp.out", flags: O_WRONLY | O_APPEND, as: 2)]))
        guard eventually(timeout: 30, { FileSystem.exists(apiSocket) || !ProcessTable.isRunning(process) }),
              ProcessTable.isRunning(process) else {
            let log = String(decoding: (try? FileSystem.readFile("\(directory)/vpp.out")) ?? [], as: UTF8.self)
            stop()
            throw CommandFailure(command: "\(binary) -c startup.conf", output: .init(stdout: "", stderr: log, status: 1))
        }
    }

    /// `vppctl -s CLI ARGS`, with a `vppctl` next to the binary or on PATH.
    public func vppctl(_ arguments: String...) throws -> String {
        let beside = (Self.binary.map { String($0.prefix(upTo: $0.lastIndex(of: "/") ?? $0.endIndex)) } ?? "") + "/vppctl"
        let program = FileSystem.isExecutableFile(beside) ? beside : "vppctl"
        return try Command.check([program, "-s", cliSocket] + arguments)
    }

    /// VPP's main thread polls: it goes on the last CPU we may use, and the agents' testpmds
    /// (on the first) keep theirs.
    private static func lastAllowedCPU() -> Int {
        guard let bytes = try? FileSystem.readFile("/proc/self/status") else { return 0 }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Cpus_allowed_list:") {
            // "0-1" or "0,2-3": the last number is the highest CPU.
            let digits = line.reversed().drop { !$0.isNumber }.prefix { $0.isNumber }
            return Int(String(digits.reversed())) ?? 0
        }
        return 0
    }

    private func stop() {
        ProcessTable.terminate(process, startTime: nil, grace: 5)
        try? FileSystem.removeTree(directory)
        // The API segment's shared memory files.
        for name in (try? FileSystem.listDirectory("/dev/shm")) ?? [] where name.hasPrefix(segmentPrefix) {
            try? FileSystem.removeFile("/dev/shm/\(name)")
        }
    }

    deinit { stop() }
}
