#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CLinuxShims

/// Runs a program to completion with `posix_spawn`, feeding its stdin and collecting its stdout
/// and stderr, with an optional time limit.
///
/// The child inherits the calling thread's namespaces, so a program started from inside
/// `NetworkNamespace.perform` runs in that namespace. Callers must ignore `SIGPIPE` in the
/// process (executables do so at start-up): a child that exits without reading its stdin would
/// otherwise kill us when we write to the pipe.
public enum ProcessRunner {
    /// How a child ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal killed it.
        case signaled(Int32)
        /// It ran past the time limit and was killed.
        case timedOut

        public var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signaled(let signal): "killed by signal \(signal)"
            case .timedOut: "timed out"
            }
        }
    }

    /// What a finished child left.
    public struct Output: Sendable {
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var termination: Termination
        /// Whether it exited with status 0.
        public var succeeded: Bool { termination == .exited(0) }
    }

    /// Runs `path` with `arguments` (not including argv[0], which is `path`) and exactly the
    /// given environment (`KEY=VALUE` strings). `timeout` is in seconds; when it passes, the child's
    /// process group is killed. Output beyond `outputLimit` bytes per stream is discarded.
    public static func run(
        _ path: String, arguments: [String] = [], argv0: String? = nil, environment: [String],
        stdin: [UInt8] = [], timeout: Double? = nil, outputLimit: Int = 64 << 20
    ) throws -> Output {
        let stdinPipe = try Pipe()
        let stdoutPipe = try Pipe()
        let stderrPipe = try Pipe()
        let pid = try spawn(
            path, arguments: [argv0 ?? path] + arguments, environment: environment,
            stdio: (stdinPipe.readEnd, stdoutPipe.writeEnd, stderrPipe.writeEnd))
        // Close our copies of the child's ends, so end-of-file arrives when the child exits.
        stdinPipe.closeReadEnd()
        stdoutPipe.closeWriteEnd()
        stderrPipe.closeWriteEnd()

        var pump = PipePump(
            stdin: stdinPipe, stdinData: stdin, stdout: stdoutPipe, stderr: stderrPipe, outputLimit: outputLimit)
        let deadline = timeout.map { monotonicSeconds() + $0 }
        let finished = pump.run(until: deadline)
        if !finished {
            _ = kill(-pid, SIGKILL)
            _ = kill(pid, SIGKILL)
        }
        let termination = try wait(for: pid)
        return Output(
            stdout: pump.stdoutData, stderr: pump.stderrData, termination: finished ? termination : .timedOut)
    }

    /// Starts a program whose standard streams are the given descriptors (or ours, for `nil`),
    /// in a new process group, and returns its process ID without waiting.
    public static func spawn(
        _ path: String, arguments: [String], environment: [String],
        stdio: (Int32?, Int32?, Int32?) = (nil, nil, nil), newProcessGroup: Bool = true
    ) throws -> pid_t {
        var options = SpawnOptions()
        for (target, source) in [(Int32(0), stdio.0), (1, stdio.1), (2, stdio.2)] {
            if let source { options.descriptors.append(.duplicate(source, as: target)) }
        }
        options.grouping = newProcessGroup ? .newProcessGroup : .inherit
        return try spawn(path, arguments: arguments, environment: environment, options: options)
    }

    /// How a child is started: which descriptors it gets, and its process group or session.
    public struct SpawnOptions: Sendable {
        /// One descriptor of the child.
        public enum Descriptor: Sendable {
            /// Our descriptor `source` becomes the child's `target`.
            case duplicate(Int32, as: Int32)
            /// The file at `path`, opened with `flags`, becomes the child's `target`.
            case open(String, flags: Int32, as: Int32)
        }
        /// Where the child stands relative to us.
        public enum Grouping: Sendable {
            /// Our process group (it gets the terminal's signals with us).
            case inherit
            /// A process group of its own (so it can be killed as a group).
            case newProcessGroup
            /// A session of its own: detached from us, as a daemon that outlives us must be.
            case newSession
        }

        public var descriptors: [Descriptor] = []
        public var grouping: Grouping = .newProcessGroup

        public init(descriptors: [Descriptor] = [], grouping: Grouping = .newProcessGroup) {
            self.descriptors = descriptors
            self.grouping = grouping
        }
    }

    /// Starts a program as `options` say and returns its process ID without waiting.
    /// Signal dispositions and the signal mask are reset to the defaults in the child.
    public static func spawn(_ path: String, arguments: [String], environment: [String], options: SpawnOptions)
        throws -> pid_t
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in options.descriptors {
            switch descriptor {
            case .duplicate(let source, let target):
                posix_spawn_file_actions_adddup2(&actions, source, target)
            case .open(let file, let flags, let target):
                posix_spawn_file_actions_addopen(&actions, target, file, flags, 0o644)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        switch options.grouping {
        case .inherit: break
        case .newProcessGroup:
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        case .newSession:
            flags |= CNI_POSIX_SPAWN_SETSID
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = CStringArray(arguments)
        let envp = CStringArray(environment)
        var pid: pid_t = 0
        // A plugin binary that is still being written ("text file busy") is retried briefly, as Go does.
        for attempt in 0..<20 {
            let result = posix_spawn(&pid, path, &actions, &attributes, argv.pointers, envp.pointers)
            if result == 0 { return pid }
            if result == ETXTBSY && attempt < 19 {
                usleep(50_000)
                continue
            }
            throw SystemError(errno: result, operation: "exec", object: path)
        }
        throw SystemError(errno: ETXTBSY, operation: "exec", object: path)
    }

    /// Waits for a child and reports how it ended.
    public static func wait(for pid: pid_t) throws -> Termination {
        var status: Int32 = 0
        _ = try systemCall("waitpid") { waitpid(pid, &status, 0) }
        let signal = status & 0x7F
        if signal == 0 { return .exited((status >> 8) & 0xFF) }
        return .signaled(signal)
    }

    /// Seconds on the monotonic clock.
    public static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// A NUL-terminated array of C strings that lives as long as this value.
final class CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        pointers[strings.count] = nil
    }

    deinit {
        for index in 0..<count { free(pointers[index]) }
        pointers.deallocate()
    }
}

extension ProcessRunner {
    /// The path of `name`: itself if it contains a `/`, else the first executable file of that
    /// name in the colon-separated `searchPath`.
    public static func resolve(_ name: String, searchPath: String) -> String? {
        if name.contains("/") { return FileSystem.isExecutableFile(name) ? name : nil }
        for directory in searchPath.split(separator: ":") where FileSystem.isExecutableFile("\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        return nil
    }
}
