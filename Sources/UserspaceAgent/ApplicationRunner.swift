#if canImport(Glibc)
import Glibc
#endif
public import CNISpec
public import LinuxSystem

/// Runs the DPDK application in the foreground: it shares our standard input, output and error
/// (so `testpmd -i` can be driven through the agent), signals we get are passed on, and its
/// EAL runtime directory is removed when it ends, however it ends.
public enum ApplicationRunner {
    /// Runs `command` and returns how it ended. Call ``SignalForwarding/blockInThisThread()``
    /// first thing in `main`.
    public static func run(_ command: DPDKCommand, environment: [String]) throws(CNIError) -> ProcessRunner.Termination {
        let searchPath = environment.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? "/usr/bin:/bin"
        guard let path = ProcessRunner.resolve(command.executable, searchPath: searchPath) else {
            throw CNIError(.invalidEnvironment, "\(command.executable) not found on PATH (Debian: dpdk-dev); " +
                           "name another application with --app")
        }
        defer { removeRuntimeDirectories(prefix: command.filePrefix, environment: environment) }
        let pid: pid_t
        do {
            pid = try ProcessRunner.spawn(path, arguments: [path] + command.arguments, environment: environment,
                                          options: .init(grouping: .inherit))
        } catch {
            throw CNIError(.internal, "start \(path): \(error)")
        }
        do {
            return try SignalForwarding.waitForwarding(to: pid)
        } catch {
            throw CNIError(.internal, "wait for \(path): \(error)")
        }
    }

    /// EAL keeps its runtime files in `/var/run/dpdk/<prefix>` (root) or
    /// `$XDG_RUNTIME_DIR/dpdk/<prefix>` or `/tmp/dpdk/<prefix>` (other users).
    public static func removeRuntimeDirectories(prefix: String, environment: [String]) {
        var bases = ["/var/run/dpdk", "/tmp/dpdk"]
        if let runtime = environment.last(where: { $0.hasPrefix("XDG_RUNTIME_DIR=") })?.dropFirst(16), !runtime.isEmpty {
            bases.append("\(runtime)/dpdk")
        }
        for base in bases {
            try? FileSystem.removeTree("\(base)/\(prefix)")
            _ = rmdir(base)
        }
    }

    /// The first CPU this process may run on.
    public static func firstAllowedCPU() -> Int {
        guard let bytes = try? FileSystem.readFile("/proc/self/status") else { return 0 }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Cpus_allowed_list:") {
            let list = line.dropFirst("Cpus_allowed_list:".count).trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            let first = list.prefix { $0.isNumber }
            return Int(first) ?? 0
        }
        return 0
    }

    /// Free 2 MiB hugepages (`HugePages_Free` in /proc/meminfo).
    public static func freeHugepages() -> Int {
        guard let bytes = try? FileSystem.readFile("/proc/meminfo") else { return 0 }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("HugePages_Free:") {
            return Int(line.split(separator: " ").last ?? "") ?? 0
        }
        return 0
    }
}
