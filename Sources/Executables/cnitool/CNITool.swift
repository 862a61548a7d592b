import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `cnitool`: runs CNI network configurations by hand, compatible with Go's cnitool, plus
/// `exec` (a command in a fresh namespace on a network) and `netns` helpers.
@main
struct CNITool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cnitool",
        abstract: "Run CNI network configurations: add, check or delete an attachment, and more.",
        discussion: """
            Environment: NETCONFPATH (configuration directory, default /etc/cni/net.d), CNI_PATH \
            (plugin directories, colon-separated), CNI_IFNAME (default eth0), CNI_ARGS (K=V;K=V), \
            CAP_ARGS (JSON object of capability arguments), CNI_CACHE_DIR (default /var/lib/cni), \
            CNI_TIMEOUT (seconds a plugin may run, default 60).
            """,
        subcommands: [
            AddCommand.self, CheckCommand.self, DelCommand.self, GCCommand.self, StatusCommand.self,
            VersionCommand.self, ExecCommand.self, NetnsCommand.self,
        ]
    )

    static func main() {
        // Writing to a plugin that exited early must give EPIPE, not kill us.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// `--ifname` shared by the attachment commands.
struct AttachmentOptions: ParsableArguments {
    @Option(name: [.short, .customLong("ifname")], help: "Interface name (default: $CNI_IFNAME or eth0).")
    var interfaceName: String?

    @Argument(help: "The network name.")
    var network: String

    @Argument(help: "The network namespace path (/var/run/netns/NAME, /proc/PID/ns/net).")
    var netns: String
}
