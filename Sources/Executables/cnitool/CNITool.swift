import CNISpec
#if canImport(Glibc)
import Glibc
#endif

/// `cnitool`: runs CNI network configurations by hand, compatible with Go's cnitool, plus
/// `exec` (a command in a fresh namespace on a network) and `netns` helpers.
@main
enum CNITool {
    static let command = CommandSyntax(
        name: "cnitool",
        abstract: "Run CNI network configurations: add, check or delete an attachment, and more.",
        discussion: """
            Environment: NETCONFPATH (configuration directory, default /etc/cni/net.d), CNI_PATH
            (plugin directories, colon-separated), CNI_IFNAME (default eth0), CNI_ARGS (K=V;K=V),
            CAP_ARGS (JSON object of capability arguments), CNI_CACHE_DIR (default /var/lib/cni),
            CNI_TIMEOUT (seconds a plugin may run, default 60).
            """,
        subcommands: [
            AttachmentCommands.add, AttachmentCommands.check, AttachmentCommands.del, NetworkCommands.gc,
            NetworkCommands.status, NetworkCommands.version, ExecCommand.syntax, NetnsCommands.syntax,
        ])

    static func main() {
        // Writing to a plugin that exited early must give EPIPE, not kill us.
        signal(SIGPIPE, SIG_IGN)
        do {
            try command.dispatch(CommandLine.arguments.dropFirst(), prefix: "")
        } catch let help as HelpRequest {
            printOutput(help.text)
        } catch let usage as UsageError {
            printError("Error: \(usage.message)\nUsage: \(usage.usage)\n  See '\(command.name) --help'.\n")
            exit(64)
        } catch let status as ExitStatus {
            exit(status.code)
        } catch {
            printError("Error: \(error)\n")
            exit(1)
        }
    }
}
