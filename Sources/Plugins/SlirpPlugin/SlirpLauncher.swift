#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem

/// Starts the user-mode network process for a namespace and waits until it says the namespace's
/// interface is configured. The process outlives the plugin: it runs in a session of its own,
/// with no descriptor of ours (a runtime reading our stdout must see end of file when we exit).
enum SlirpLauncher {
    /// How long a backend may take to configure the namespace.
    static let readyTimeout = 10.0

    struct Launched {
        var pid: pid_t
        var startTime: UInt64
    }

    /// slirp4netns: `--ready-fd` tells us when the tap is up; an early exit ends the wait with
    /// its log as the error.
    static func startSlirp4netns(binary: String, arguments: [String], environment: [String], log: String) throws(CNIError)
        -> Launched
    {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw CNIError(.internal, "pipe: \(SystemError.describe(errno: errno))") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        defer { close(readEnd) }
        let pid: pid_t
        do {
            pid = try ProcessRunner.spawn(binary, arguments: [binary] + arguments, environment: environment, options: .init(
                descriptors: [
                    .open("/dev/null", flags: O_RDONLY, as: 0), .open("/dev/null", flags: O_WRONLY, as: 1),
                    .open(log, flags: O_WRONLY | O_CREAT | O_TRUNC, as: 2), .duplicate(writeEnd, as: 3),
                ],
                grouping: .newSession))
        } catch {
            close(writeEnd)
            throw CNIError(.internal, "start \(binary): \(error)")
        }
        close(writeEnd)
        // Wait for the ready byte; end of file first means the process died.
        var pollEntry = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pollEntry, 1, Int32(readyTimeout * 1000))
        var byte: UInt8 = 0
        let count = ready > 0 ? read(readEnd, &byte, 1) : -1
        guard count == 1 else {
            ProcessTable.terminate(pid, startTime: nil, grace: 0.5)
            throw CNIError(.internal, "slirp4netns exited early or did not become ready within \(Int(readyTimeout)) s: \(tail(of: log))")
        }
        guard let startTime = ProcessTable.startTime(of: pid) else {
            throw CNIError(.internal, "slirp4netns exited right after starting: \(tail(of: log))")
        }
        return Launched(pid: pid, startTime: startTime)
    }

    /// pasta, kept in the foreground of a session of its own (its own daemon mode writes the PID
    /// file from inside the user namespace it isolates itself in, as "nobody", which cannot
    /// write our state directory). It is ready once `isReady` sees the interface configured.
    /// `namespaceDescriptor` becomes the child's descriptor 3; pasta is told `--netns
    /// /proc/self/fd/3`, because it cannot open another process's `/proc/PID/fd/N` path once it
    /// has dropped its privileges.
    static func startPasta(binary: String, arguments: [String], environment: [String], log: String,
                           namespaceDescriptor: Int32, isReady: () -> Bool) throws(CNIError) -> Launched
    {
        let pid: pid_t
        do {
            pid = try ProcessRunner.spawn(binary, arguments: [binary] + arguments, environment: environment, options: .init(
                descriptors: [
                    .open("/dev/null", flags: O_RDONLY, as: 0), .open(log, flags: O_WRONLY | O_CREAT | O_TRUNC, as: 1),
                    .open(log, flags: O_WRONLY | O_APPEND, as: 2), .duplicate(namespaceDescriptor, as: 3),
                ],
                grouping: .newSession))
        } catch {
            throw CNIError(.internal, "start \(binary): \(error)")
        }
        let deadline = ProcessRunner.monotonicSeconds() + readyTimeout
        while ProcessRunner.monotonicSeconds() < deadline {
            if let ended = ProcessTable.waitForChild(pid, timeout: 0) {
                throw CNIError(.internal, "pasta exited early (\(ended)): \(tail(of: log))")
            }
            if isReady(), let startTime = ProcessTable.startTime(of: pid) {
                return Launched(pid: pid, startTime: startTime)
            }
            usleep(2_000)
        }
        ProcessTable.terminate(pid, startTime: nil, grace: 0.5)
        throw CNIError(.internal, "pasta did not configure the namespace within \(Int(readyTimeout)) s: \(tail(of: log))")
    }

    /// The last lines of a log file, for error messages.
    static func tail(of log: String) -> String {
        guard let bytes = try? FileSystem.readFile(log) else { return "(no log)" }
        let lines = String(decoding: bytes.suffix(2000), as: UTF8.self).split(separator: "\n")
            .filter { !$0.contains("Failed to send") }
        let text = lines.suffix(5).joined(separator: "; ")
        return text.isEmpty ? "(no output)" : text
    }
}
