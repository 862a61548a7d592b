#if canImport(Glibc)
import Glibc
#endif
public import CNISpec
import LinuxSystem

/// Waiting on the daemons the agent runs for a container-local switch (OVS-DPDK, VPP).
enum DaemonWaiting {
    /// Returns on SIGINT, SIGTERM or SIGHUP (blocked beforehand with
    /// ``SignalForwarding/blockInThisThread()``); throws if a daemon ends first.
    static func waitForSignal(_ daemons: [pid_t], switchName: String, logDirectory: String) throws(CNIError) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in SignalForwarding.forwarded + [SIGCHLD] { sigaddset(&set, signal) }
        while true {
            var timeout = timespec(tv_sec: 1, tv_nsec: 0)
            let signal = sigtimedwait(&set, nil, &timeout)
            if signal > 0 && signal != SIGCHLD { return }
            for pid in daemons where !ProcessTable.isRunning(pid) {
                throw CNIError(.internal, "\(switchName): daemon \(pid) ended; see the logs in \(logDirectory)")
            }
        }
    }

    /// Polls `condition` every 20 ms until it holds, for `timeout` seconds at most.
    static func waitUntil(_ what: String, switchName: String, timeout: Double = 20, _ condition: () -> Bool) throws(CNIError) {
        let deadline = ProcessRunner.monotonicSeconds() + timeout
        while !condition() {
            guard ProcessRunner.monotonicSeconds() < deadline else {
                throw CNIError(.internal, "\(switchName): timed out waiting until \(what)")
            }
            usleep(20_000)
        }
    }
}
