import ArgumentParser
import CNIRuntime
import CNISpec
import PluginExec

extension AttachmentOptions {
    /// The runtime, the network and the attachment these options name.
    func resolve() throws -> (NetworkRuntime, NetworkConfigList, RuntimeAttachment) {
        let env = ToolEnvironment()
        return (env.runtime, try env.network(named: network), try env.attachment(netns: netns, interfaceName: interfaceName))
    }
}

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Attach a network namespace to a network and print the result.")
    @OptionGroup var options: AttachmentOptions

    func run() throws {
        let (runtime, list, attachment) = try options.resolve()
        let result = try runtime.add(list, attachment)
        printOutput(JSONSerializer.string(result.jsonValue, style: .indented) + "\n")
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check an attachment made by add.")
    @OptionGroup var options: AttachmentOptions

    func run() throws {
        let (runtime, list, attachment) = try options.resolve()
        try runtime.check(list, attachment)
    }
}

struct DelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "del", abstract: "Detach a network namespace from a network (idempotent).")
    @OptionGroup var options: AttachmentOptions

    func run() throws {
        let (runtime, list, attachment) = try options.resolve()
        try runtime.delete(list, attachment)
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Ask a network's plugins whether they are ready (CNI 1.1.0).")
    @Argument(help: "The network name.") var network: String
    @Argument(help: "Ignored; accepted for compatibility with Go's cnitool.") var netns: String?

    func run() throws {
        let env = ToolEnvironment()
        try env.runtime.status(try env.network(named: network))
    }
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the CNI versions a plugin (or every plugin of a network) supports.")
    @Argument(help: "A plugin type, or a network name with --network.") var name: String
    @Flag(help: "Treat the name as a network and ask each of its plugins.") var network = false

    func run() throws {
        let env = ToolEnvironment()
        let runtime = env.runtime
        let types = network ? try env.network(named: name).plugins.map(\.type) : [name]
        for type in types {
            let info = try runtime.versionInfo(pluginType: type)
            printOutput("\(type): \(info.supportedVersions.joined(separator: ", "))\n")
        }
    }
}
