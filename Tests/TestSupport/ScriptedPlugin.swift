import CNISkel
import CNISpec

/// A plugin whose behaviour a test sets with closures; by default ADD passes `prevResult`
/// through (or returns an empty result) and everything else succeeds.
public struct ScriptedPlugin: CNIPlugin {
    public var supportedVersions: [CNIVersion]
    public var about = "scripted test plugin"
    public var knownArgs: Set<String> = []
    public var onAdd: @Sendable (PluginRequest) throws -> AnyCNIResult
    public var onCheck: @Sendable (PluginRequest) throws -> Void = { _ in }
    public var onDelete: @Sendable (PluginRequest) throws -> Void = { _ in }
    public var onGC: @Sendable (PluginRequest) throws -> Void = { _ in }
    public var onStatus: @Sendable (PluginRequest) throws -> Void = { _ in }

    public init(supportedVersions: [CNIVersion] = CNIVersion.allCases,
                onAdd: @escaping @Sendable (PluginRequest) throws -> AnyCNIResult = ScriptedPlugin.passThrough) {
        self.supportedVersions = supportedVersions
        self.onAdd = onAdd
    }

    /// Returns `prevResult` unchanged, or an empty 1.x result.
    public static func passThrough(_ request: PluginRequest) throws -> AnyCNIResult {
        try request.prevResult() ?? .v1(Result100(cniVersion: .current))
    }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult { try onAdd(request) }
    public func check(_ request: PluginRequest) throws { try onCheck(request) }
    public func delete(_ request: PluginRequest) throws { try onDelete(request) }
    public func garbageCollect(_ request: PluginRequest) throws { try onGC(request) }
    public func status(_ request: PluginRequest) throws { try onStatus(request) }
}
