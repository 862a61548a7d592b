import ArgumentParser
import CNIRuntime
import CNISpec
import LinuxSystem
import NetAddress
import NetNS
import PluginExec

/// `cnitool exec`: a command in a fresh network namespace attached to a network, and everything
/// torn down afterwards, however the command ends (what CNI's `priv-net-run.sh` does, in one
/// command). The command's environment says where it is: `CNITOOL_NETNS`, `CNITOOL_IP`,
/// `CNITOOL_CONTAINER_ID`, `CNITOOL_RESULT`.
struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command in a new network namespace attached to a network, then tear it all down.",
        discussion: "Without --network, uses the network named \(DefaultNetwork.name) (embedded when not configured).")

    @Option(help: "The network to attach to.") var network = DefaultNetwork.name
    @Option(name: [.short, .customLong("ifname")], help: "Interface name (default: $CNI_IFNAME or eth0).")
    var interfaceName: String?
    @Flag(help: "Do not print the attachment on stderr.") var quiet = false
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments (after --).") var command: [String]

    func run() throws {
        // Before any thread exists: termination signals are ours to forward, so teardown always runs.
        SignalForwarding.blockInThisThread()
        let arguments = command.first == "--" ? Array(command.dropFirst()) : command
        guard let program = arguments.first else { throw ValidationError("a command to run is required") }
        let env = ToolEnvironment()
        guard let executable = ProcessRunner.resolve(program, searchPath: env.value("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin") else {
            throw ValidationError("command not found: \(program)")
        }
        let runtime = env.runtime
        let list = try env.network(named: network)
        let name = "cnitool-exec-\(String(UInt32.random(in: 0 ... .max), radix: 16))"
        let namespace = try NetworkNamespace.create(named: name)
        let attachment = try env.attachment(netns: namespace.path, interfaceName: interfaceName)
        var attached = false
        defer {
            if attached {
                do { try runtime.delete(list, attachment) } catch { printError("cnitool exec: detach \(list.name): \(error)\n") }
            }
            do { try NetworkNamespace.delete(named: name) } catch { printError("cnitool exec: \(error)\n") }
        }
        let result = try runtime.add(list, attachment)
        attached = true
        let address = (try? result.asCurrent())?.ips.first.map { "\($0.address.address)" } ?? ""
        if !quiet {
            printError("cnitool exec: \(namespace.path) on \(list.name) as \(attachment.interfaceName) \(address)\n")
        }
        let childEnvironment = env.variables.filter { !$0.hasPrefix("CNITOOL_") } + [
            "CNITOOL_NETNS=\(namespace.path)", "CNITOOL_IP=\(address)",
            "CNITOOL_CONTAINER_ID=\(attachment.containerID)", "CNITOOL_RESULT=\(JSONSerializer.string(result.jsonValue))",
        ]
        let pid = try namespace.perform {
            try ProcessRunner.spawn(executable, arguments: arguments, environment: childEnvironment, newProcessGroup: false)
        }
        let termination = try SignalForwarding.waitForwarding(to: pid)
        switch termination {
        case .exited(0): return
        case .exited(let status): throw ExitCode(status)
        case .signaled(let signal): throw ExitCode(128 + signal)
        case .timedOut: throw ExitCode(124)
        }
    }
}

/// `cnitool netns`: named network namespaces for scripts, as `ip netns` keeps them.
struct NetnsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netns", abstract: "Create, delete and list named network namespaces (/var/run/netns).",
        subcommands: [Add.self, Delete.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a named namespace.")
        @Argument var name: String
        func run() throws {
            let namespace = try NetworkNamespace.create(named: name)
            printOutput(namespace.path + "\n")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "del", abstract: "Delete a named namespace (idempotent).")
        @Argument var name: String
        func run() throws { try NetworkNamespace.delete(named: name) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List named namespaces.")
        func run() throws {
            for name in NetworkNamespace.names() { printOutput(name + "\n") }
        }
    }
}
