#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What `/proc` says about processes: enough to recognise a daemon we started earlier, from
/// another process, without being fooled by a recycled process ID.
public enum ProcessTable {
    /// The start time of a process (field 22 of `/proc/PID/stat`, in clock ticks since boot), or
    /// `nil` if there is no such process. With the PID, it identifies one process for good.
    public static func startTime(of pid: pid_t) -> UInt64? {
        guard let bytes = try? FileSystem.readFile("/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        // The command name (field 2) is in parentheses and may contain spaces: start after the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After ')' come field 3 (state) onwards; field 22 is at index 19.
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// Whether the process exists and is not a zombie.
    public static func isRunning(_ pid: pid_t, startTime expected: UInt64? = nil) -> Bool {
        guard let started = startTime(of: pid) else { return false }
        if let expected, expected != started { return false }
        guard let bytes = try? FileSystem.readFile("/proc/\(pid)/stat"),
              let close = bytes.lastIndex(of: UInt8(ascii: ")")), close + 2 < bytes.count else { return false }
        return bytes[close + 2] != UInt8(ascii: "Z")
    }

    /// The command line of a process.
    public static func commandLine(of pid: pid_t) -> [String] {
        guard let bytes = try? FileSystem.readFile("/proc/\(pid)/cmdline") else { return [] }
        return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Stops a process: SIGTERM, then SIGKILL if it is still there after `grace` seconds. Only
    /// the process started at `startTime` is signalled, never one that reused its PID. Returns
    /// once it is gone (a child of ours is reaped).
    public static func terminate(_ pid: pid_t, startTime: UInt64?, grace: Double = 2) {
        guard isRunning(pid, startTime: startTime) else {
            reapIfChild(pid)
            return
        }
        _ = kill(pid, SIGTERM)
        let deadline = ProcessRunner.monotonicSeconds() + grace
        while ProcessRunner.monotonicSeconds() < deadline {
            reapIfChild(pid)
            if !isRunning(pid, startTime: startTime) { return }
            usleep(10_000)
        }
        _ = kill(pid, SIGKILL)
        for _ in 0..<200 {
            reapIfChild(pid)
            if !isRunning(pid, startTime: startTime) { return }
            usleep(5_000)
        }
    }

    /// Waits up to `timeout` seconds for a child of ours to end.
    public static func waitForChild(_ pid: pid_t, timeout: Double) -> ProcessRunner.Termination? {
        let deadline = ProcessRunner.monotonicSeconds() + timeout
        var status: Int32 = 0
        repeat {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let signal = status & 0x7F
                return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
            }
            if reaped < 0 && errno != EINTR { return nil }
            usleep(2_000)
        } while ProcessRunner.monotonicSeconds() < deadline
        return nil
    }

    private static func reapIfChild(_ pid: pid_t) {
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
    }
}
