import CNISpec
import TestSupport

/// ADD, CHECK, DEL and DEL again of one configuration in a fresh ``IsolatedAttachment``, with
/// the result and the kernel state after each step, normalised so that Go's plugin and ours can
/// be compared exactly.
struct AttachmentLifecycle: Equatable, CustomStringConvertible {
    var result: JSONValue
    var container: JSONValue
    var host: JSONValue
    /// CHECK's exit status with ADD's result as `prevResult` (`nil` before 0.4.0, which has no CHECK).
    var checkStatus: Int32?
    var containerAfterDelete: JSONValue
    var hostAfterDelete: JSONValue
    var secondDeleteStatus: Int32

    var description: String {
        """
        result: \(JSONSerializer.string(result))
        container: \(JSONSerializer.string(container))
        host: \(JSONSerializer.string(host))
        check: \(checkStatus.map(String.init) ?? "-")
        container after DEL: \(JSONSerializer.string(containerAfterDelete))
        host after DEL: \(JSONSerializer.string(hostAfterDelete))
        second DEL: \(secondDeleteStatus)
        """
    }

    /// Runs the lifecycle with our plugins (`ours`) or the reference's, after `prepare` (shell
    /// commands in the host namespace).
    static func run(ours: Bool, plugin: String, template: String, version: String, prepare: String? = nil) throws
        -> AttachmentLifecycle
    {
        let attachment = try IsolatedAttachment(ours: ours, plugins: [plugin, "host-local", "static"])
        if let prepare { try attachment.prepareHost(prepare) }
        let config = attachment.configuration(template, version: version)
        let added = try attachment.run(plugin, "ADD", config: config)
        attachment.settle()
        let normalizer = Normalizer(host: "-", netns: attachment.container.path)
        var outcome = AttachmentLifecycle(
            result: normalizer.result(added.output, succeeded: added.succeeded),
            container: try NamespaceSnapshot.take(attachment.container), host: try NamespaceSnapshot.take(attachment.host),
            checkStatus: nil, containerAfterDelete: .null, hostAfterDelete: .null, secondDeleteStatus: -1)
        if added.succeeded && version != "0.3.1" {
            let check = try attachment.run(plugin, "CHECK", config: try IsolatedAttachment.withPreviousResult(config, added.output))
            outcome.checkStatus = check.status
        }
        _ = try attachment.run(plugin, "DEL", config: config)
        attachment.settle()
        outcome.containerAfterDelete = try NamespaceSnapshot.take(attachment.container)
        outcome.hostAfterDelete = try NamespaceSnapshot.take(attachment.host)
        outcome.secondDeleteStatus = try attachment.run(plugin, "DEL", config: config).status
        return outcome
    }

    /// Each field that differs between Go's run and ours, both shown.
    static func differences(go: AttachmentLifecycle, ours: AttachmentLifecycle, ignoring: Set<String> = []) -> [String] {
        let fields: [(String, (AttachmentLifecycle) -> String)] = [
            ("result", { JSONSerializer.string($0.result) }), ("container", { JSONSerializer.string($0.container) }),
            ("host", { JSONSerializer.string($0.host) }), ("check", { $0.checkStatus.map(String.init) ?? "-" }),
            ("container after DEL", { JSONSerializer.string($0.containerAfterDelete) }),
            ("host after DEL", { JSONSerializer.string($0.hostAfterDelete) }),
            ("second DEL", { String($0.secondDeleteStatus) }),
        ]
        return fields.compactMap { name, value in
            ignoring.contains(name) || value(go) == value(ours) ? nil : "\(name)\n  Go:   \(value(go))\n  ours: \(value(ours))"
        }
    }
}
