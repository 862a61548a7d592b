import CNIRuntime
import CNISpec
import LinuxSystem
import PluginExec

/// `gc`, `status` and `version`: questions to a network's plugins as a whole.
enum NetworkCommands {
    static let network = PositionalSyntax(name: "NETWORK", help: "The network name.")
    static let ignoredNetns = PositionalSyntax(
        name: "NETNS", optional: true, help: "Ignored; accepted for compatibility with Go's cnitool.")

    /// `cnitool gc NETWORK`: unlike Go's cnitool, which passes no valid attachments (and so makes
    /// plugins release everything), this passes every cached attachment of the network whose
    /// namespace still exists: what plugins hold for anything else is collected.
    static let gc = CommandSyntax(
        name: "gc", abstract: "Collect what a network's plugins hold for attachments that no longer exist.",
        options: [OptionSyntax(long: "all", help: "Pass no valid attachments, collecting everything (Go cnitool's behaviour).")],
        positionals: [network, ignoredNetns]
    ) { arguments in
        let env = ToolEnvironment()
        let runtime = env.runtime
        let list = try env.network(named: arguments.positional(0) ?? "")
        var valid: [GCAttachment] = []
        if !arguments.flag("all") {
            for entry in runtime.cache.entries() where entry.networkName == list.name {
                if entry.netns.isEmpty || FileSystem.exists(entry.netns) {
                    valid.append(GCAttachment(containerID: entry.containerID, interfaceName: entry.interfaceName))
                }
            }
        }
        try runtime.garbageCollect(list, validAttachments: valid)
    }

    static let status = CommandSyntax(
        name: "status", abstract: "Ask a network's plugins whether they are ready (CNI 1.1.0).",
        positionals: [network, ignoredNetns]
    ) { arguments in
        let env = ToolEnvironment()
        try env.runtime.status(try env.network(named: arguments.positional(0) ?? ""))
    }

    static let version = CommandSyntax(
        name: "version", abstract: "Print the CNI versions a plugin (or every plugin of a network) supports.",
        options: [OptionSyntax(long: "network", help: "Treat the name as a network and ask each of its plugins.")],
        positionals: [PositionalSyntax(name: "NAME", help: "A plugin type, or a network name with --network.")]
    ) { arguments in
        let env = ToolEnvironment()
        let runtime = env.runtime
        let name = arguments.positional(0) ?? ""
        let types = arguments.flag("network") ? try env.network(named: name).plugins.map(\.type) : [name]
        for type in types {
            let info = try runtime.versionInfo(pluginType: type)
            printOutput("\(type): \(info.supportedVersions.joined(separator: ", "))\n")
        }
    }
}
