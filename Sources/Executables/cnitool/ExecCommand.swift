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
enum ExecCommand {
    static let syntax = CommandSyntax(
        name: "exec",
        abstract: "Run a command in a new network namespace attached to a network, then tear it all down.",
        options: [
            OptionSyntax(long: "network", valueName: "NAME", help: "The network to attach to (default \(DefaultNetwork.name))."),
            OptionSyntax.interfaceName,
            OptionSyntax(long: "quiet", help: "Do not print the attachment on stderr."),
        ],
        passthroughName: "COMMAND [ARGUMENT...]",
        discussion: "Without --network, uses the network named \(DefaultNetwork.name) (embedded when not configured)."
    ) { arguments in
        try run(network: arguments.option("network") ?? DefaultNetwork.name, interfaceName: arguments.option("ifname"),
                quiet: arguments.flag("quiet"), arguments: arguments.passthrough)
    }

    static func run(network: String, interfaceName: String?, quiet: Bool, arguments: [String]) throws {
        // Before any thread exists: termination signals are ours to forward, so teardown always runs.
        SignalForwarding.blockInThisThread()
        guard let program = arguments.first else {
            throw UsageError(message: "a command to run is required", usage: syntax.usage(prefix: CNITool.command.name))
        }
        let env = ToolEnvironment()
        guard let executable = ProcessRunner.resolve(program, searchPath: env.value("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin") else {
            throw CNIError(.invalidEnvironment, "command not found: \(program)")
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
        case .exited(let status): throw ExitStatus(code: status)
        case .signaled(let signal): throw ExitStatus(code: 128 + signal)
        case .timedOut: throw ExitStatus(code: 124)
        }
    }
}

/// `cnitool netns`: named network namespaces for scripts, as `ip netns` keeps them.
enum NetnsCommands {
    static let name = PositionalSyntax(name: "NAME", help: "The namespace's name (/var/run/netns/NAME).")

    static let syntax = CommandSyntax(
        name: "netns", abstract: "Create, delete and list named network namespaces (/var/run/netns).",
        subcommands: [
            CommandSyntax(name: "add", abstract: "Create a named namespace.", positionals: [name]) { arguments in
                let namespace = try NetworkNamespace.create(named: arguments.positional(0) ?? "")
                printOutput(namespace.path + "\n")
            },
            CommandSyntax(name: "del", abstract: "Delete a named namespace (idempotent).", positionals: [name]) { arguments in
                try NetworkNamespace.delete(named: arguments.positional(0) ?? "")
            },
            CommandSyntax(name: "list", abstract: "List named namespaces.") { _ in
                for name in NetworkNamespace.names() { printOutput(name + "\n") }
            },
        ])
}
