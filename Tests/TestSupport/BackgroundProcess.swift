#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem

/// A process a test runs alongside (a server), killed when the test ends.
public final class BackgroundProcess: @unchecked Sendable {
    public let pid: pid_t

    /// Starts `arguments` with its output discarded.
    public init(_ arguments: [String]) throws {
        let path = arguments[0].contains("/") ? arguments[0] : try Command.which(arguments[0])
        pid = try ProcessRunner.spawn(path, arguments: arguments, environment: ProcessEnvironment.current, options: .init(
            descriptors: [.open("/dev/null", flags: O_RDONLY, as: 0), .open("/dev/null", flags: O_WRONLY, as: 1),
                          .open("/dev/null", flags: O_WRONLY, as: 2)]))
    }

    /// Waits up to `timeout` seconds for it to end on its own.
    @discardableResult
    public func wait(timeout: Double = 10) -> ProcessRunner.Termination? {
        ProcessTable.waitForChild(pid, timeout: timeout)
    }

    deinit {
        _ = kill(-pid, SIGKILL)
        _ = kill(pid, SIGKILL)
        _ = ProcessTable.waitForChild(pid, timeout: 2)
    }
}

/// Polls until `condition` holds or `timeout` seconds pass; returns whether it held.
@discardableResult
public func eventually(timeout: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = ProcessRunner.monotonicSeconds() + timeout
    while ProcessRunner.monotonicSeconds() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
