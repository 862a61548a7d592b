public import CNISpec

/// A CNI plugin: the five operations, each given a fully validated ``PluginRequest``.
///
/// Plugins return values and throw errors; they never print or exit. ``PluginDispatcher`` turns
/// the process environment into a request, calls the plugin, converts the result to the
/// configuration's version and writes it (or the error) exactly once.
public protocol CNIPlugin: Sendable {
    /// The spec versions the plugin accepts in configurations.
    var supportedVersions: [CNIVersion] { get }

    /// One line naming the plugin, printed when it is run by hand without `CNI_COMMAND`.
    var about: String { get }

    /// `CNI_ARGS` keys the plugin understands; any other key is an error unless `IgnoreUnknown=1`.
    var knownArgs: [String] { get }

    /// The `CNI_ARGS` keys the plugin understands for one command, or `nil` when it does not read
    /// `CNI_ARGS` for that command and unknown keys must not fail it (the reference `static`
    /// plugin's DEL). Defaults to ``knownArgs`` for every command.
    func knownArgs(for command: CNICommand) -> [String]?

    /// ADD: create or configure the interface; returns the result for the chain.
    func add(_ request: PluginRequest) throws -> AnyCNIResult

    /// CHECK: verify what ADD set up (the request carries ADD's result as `prevResult`).
    func check(_ request: PluginRequest) throws

    /// DEL: undo ADD; must succeed when things are already gone.
    func delete(_ request: PluginRequest) throws

    /// GC: release what is held for attachments not in `cni.dev/valid-attachments`.
    func garbageCollect(_ request: PluginRequest) throws

    /// STATUS: whether the plugin can serve ADD now (throw code 50 or 51 when not).
    func status(_ request: PluginRequest) throws
}

extension CNIPlugin {
    public var supportedVersions: [CNIVersion] { CNIVersion.allCases }
    public var knownArgs: [String] { [] }
    public func knownArgs(for command: CNICommand) -> [String]? { knownArgs }
    public func garbageCollect(_ request: PluginRequest) throws {}
    public func status(_ request: PluginRequest) throws {}
}
