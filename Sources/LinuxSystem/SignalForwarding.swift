#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs a child in the foreground while this process keeps control of termination signals:
/// SIGINT, SIGTERM and SIGHUP are blocked here and passed on to the child, so that whatever
/// happens to the child, the caller gets to clean up afterwards (`cnitool exec` deletes the
/// namespace and the attachment even when the command is interrupted).
public enum SignalForwarding {
    /// The signals forwarded to the child.
    public static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Blocks the forwarded signals in the calling thread; threads created afterwards inherit
    /// the mask. Call this first thing in `main`, before any other thread exists.
    public static func blockInThisThread() {
        var set = signalSet()
        // SIGCHLD too, so that a child's exit wakes the wait below at once.
        sigaddset(&set, SIGCHLD)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for `pid` to end, forwarding any forwarded signal that arrives meanwhile.
    /// The signals must already be blocked (see ``blockInThisThread()``).
    public static func waitForwarding(to pid: pid_t) throws -> ProcessRunner.Termination {
        var set = signalSet()
        sigaddset(&set, SIGCHLD)
        var status: Int32 = 0
        while true {
            // Reap first: the child may already be gone.
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { throw SystemError(errno: errno, operation: "waitpid") }
            var timeout = timespec(tv_sec: 0, tv_nsec: 200_000_000)
            let signal = sigtimedwait(&set, nil, &timeout)
            if signal > 0 && signal != SIGCHLD { _ = kill(pid, signal) }
        }
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in forwarded { sigaddset(&set, signal) }
        return set
    }
}
