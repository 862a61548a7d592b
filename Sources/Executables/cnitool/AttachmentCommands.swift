import CNIRuntime
import CNISpec
import PluginExec

/// `add`, `check` and `del`: one attachment of a network namespace to a network.
enum AttachmentCommands {
    static let options: [OptionSyntax] = [.interfaceName]
    static let positionals = [
        PositionalSyntax(name: "NETWORK", help: "The network name."),
        PositionalSyntax(name: "NETNS", help: "The network namespace path (/var/run/netns/NAME, /proc/PID/ns/net)."),
    ]

    static let add = CommandSyntax(
        name: "add", abstract: "Attach a network namespace to a network and print the result.",
        options: options, positionals: positionals
    ) { arguments in
        let (runtime, list, attachment) = try resolve(arguments)
        let result = try runtime.add(list, attachment)
        printOutput(JSONSerializer.string(result.jsonValue, style: .indented) + "\n")
    }

    static let check = CommandSyntax(
        name: "check", abstract: "Check an attachment made by add.", options: options, positionals: positionals
    ) { arguments in
        let (runtime, list, attachment) = try resolve(arguments)
        try runtime.check(list, attachment)
    }

    static let del = CommandSyntax(
        name: "del", abstract: "Detach a network namespace from a network (idempotent).",
        options: options, positionals: positionals
    ) { arguments in
        let (runtime, list, attachment) = try resolve(arguments)
        try runtime.delete(list, attachment)
    }

    /// The runtime, the network and the attachment the arguments name.
    static func resolve(_ arguments: ParsedCommandLine) throws -> (NetworkRuntime, NetworkConfigList, RuntimeAttachment) {
        let env = ToolEnvironment()
        let network = try env.network(named: arguments.positional(0) ?? "")
        let attachment = try env.attachment(netns: arguments.positional(1) ?? "", interfaceName: arguments.option("ifname"))
        return (env.runtime, network, attachment)
    }
}
