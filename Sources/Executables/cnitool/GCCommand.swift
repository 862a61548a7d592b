import ArgumentParser
import CNIRuntime
import CNISpec
import LinuxSystem

/// `cnitool gc NETWORK`: unlike Go's cnitool, which passes no valid attachments (and so makes
/// plugins release everything), this passes every cached attachment of the network whose
/// namespace still exists: what plugins hold for anything else is collected.
struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc", abstract: "Collect what a network's plugins hold for attachments that no longer exist.")
    @Argument(help: "The network name.") var network: String
    @Argument(help: "Ignored; accepted for compatibility with Go's cnitool.") var netns: String?
    @Flag(help: "Pass no valid attachments, collecting everything (Go cnitool's behaviour).") var all = false

    func run() throws {
        let env = ToolEnvironment()
        let runtime = env.runtime
        let list = try env.network(named: network)
        var valid: [GCAttachment] = []
        if !all {
            for entry in runtime.cache.entries() where entry.networkName == list.name {
                if entry.netns.isEmpty || FileSystem.exists(entry.netns) {
                    valid.append(GCAttachment(containerID: entry.containerID, interfaceName: entry.interfaceName))
                }
            }
        }
        try runtime.garbageCollect(list, validAttachments: valid)
    }
}
