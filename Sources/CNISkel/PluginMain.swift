#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LinuxSystem
public import PluginExec

/// The only place a plugin touches its real process: read the environment and stdin, run the
/// dispatcher, write stdout and stderr, exit.
public enum PluginMain {
    /// Runs `plugin` as this process and exits with its status.
    public static func run(_ plugin: some CNIPlugin, executor: any PluginExecutor = ProcessPluginExecutor()) -> Never {
        // Writing to a delegated plugin that closed its stdin must not kill us.
        signal(SIGPIPE, SIG_IGN)
        let environment = ProcessEnvironment.current
        let command = environmentValue(environment, "CNI_COMMAND") ?? ""
        // VERSION and a run by hand never read stdin (a terminal would block).
        var input = PluginInput(environment: environment, stdin: [])
        if !command.isEmpty && command != "VERSION" {
            do {
                input.stdin = try FileDescriptor(borrowing: 0).readAll(limit: PluginDispatcher.stdinLimit)
            } catch {
                input.stdinFailure = "\(error)"
            }
        }
        let output = PluginDispatcher(executor: executor).run(plugin, input: input)
        try? FileDescriptor(borrowing: 1).writeAll(output.stdout)
        try? FileDescriptor(borrowing: 2).writeAll(output.stderr)
        exit(output.exitCode)
    }

}
