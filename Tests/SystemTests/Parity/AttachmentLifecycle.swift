import CNISpec
import TestSupport

/// One configuration as the parity suites run it: which plugin, the template, what the host
/// namespace needs first, and an optional first plugin of a chain (always Debian's).
struct ParityCase {
    var name: String
    var plugin: String
    /// A configuration template (`{VERSION}`, `{DATA}`, `{PREV}`: see ``IsolatedAttachment``).
    var template: String
    var version: String
    /// Shell commands run in the host namespace before ADD (a master link, a device to move).
    var prepare: String?
    /// A chain's first plugin and its template; its result becomes `{PREV}` in `template`.
    var first: (plugin: String, template: String)?
    var args: String?
    /// IPAM plugins the compared plugin may call (ours on our side, Debian's on the other).
    var delegates = ["host-local", "static"]
    /// Plugins that are Debian's on both sides (a chain's first plugin's IPAM).
    var referenceDelegates: [String] = []
    /// Links whose MAC address is compared (one the configuration or the runtime chose); other
    /// MACs are random.
    var stableMACs: Set<String> = []
}

/// ADD, CHECK, DEL and DEL again of one configuration in a fresh ``IsolatedAttachment``, with
/// the result and the whole kernel state (``KernelState``) of both namespaces after ADD and after
/// DEL, so that Go's plugin and ours can be compared exactly.
struct AttachmentLifecycle: CustomStringConvertible {
    var result: JSONValue
    var container: KernelState
    var host: KernelState
    /// CHECK's exit status with ADD's result as `prevResult` (`nil` before 0.4.0, which has no CHECK).
    var checkStatus: Int32?
    var deleteStatus: Int32
    var containerAfterDelete: KernelState
    var hostAfterDelete: KernelState
    var secondDeleteStatus: Int32
    /// Lease files left in the IPAM directory after DEL.
    var leasesAfterDelete: [String]

    var description: String {
        """
        result: \(JSONSerializer.string(result))
        container:
        \(container)
        host:
        \(host)
        check: \(checkStatus.map(String.init) ?? "-"), DEL: \(deleteStatus), second DEL: \(secondDeleteStatus)
        leases after DEL: \(leasesAfterDelete)
        """
    }

    /// Runs the lifecycle with our plugin (`ours`) or the reference's.
    static func run(_ parity: ParityCase, ours: Bool) throws -> AttachmentLifecycle {
        let attachment = try IsolatedAttachment(
            ours: ours, plugins: [parity.plugin] + parity.delegates, reference: (parity.first.map { [$0.plugin] } ?? []) + parity.referenceDelegates)
        if let prepare = parity.prepare { try attachment.prepareHost(prepare) }
        var previous = "null"
        var firstConfig: String?
        if let first = parity.first {
            let config = attachment.configuration(first.template, version: parity.version)
            let added = try attachment.run(first.plugin, "ADD", config: config, args: parity.args)
            guard added.succeeded else {
                throw CommandFailure(command: "\(first.plugin) ADD", output: Command.Output(
                    stdout: JSONSerializer.string(added.output), stderr: added.stderr, status: added.status))
            }
            previous = JSONSerializer.string(added.output)
            firstConfig = config
        }
        let config = attachment.configuration(parity.template, version: parity.version, previous: previous)
        let added = try attachment.run(parity.plugin, "ADD", config: config, args: parity.args)
        let normalizer = Normalizer(host: "-", netns: attachment.container.path)
        var outcome = AttachmentLifecycle(
            result: normalizer.result(added.output, succeeded: added.succeeded),
            container: try KernelState.read(attachment.container.name, keepingMACsOf: parity.stableMACs), host: try KernelState.read(attachment.host.name),
            checkStatus: nil, deleteStatus: -1, containerAfterDelete: KernelState(), hostAfterDelete: KernelState(),
            secondDeleteStatus: -1, leasesAfterDelete: [])
        if added.succeeded && parity.version != "0.3.1" {
            let check = try attachment.run(
                parity.plugin, "CHECK", config: try IsolatedAttachment.withPreviousResult(config, added.output), args: parity.args)
            outcome.checkStatus = check.status
        }
        outcome.deleteStatus = try attachment.run(parity.plugin, "DEL", config: config, args: parity.args).status
        if let first = parity.first, let firstConfig {
            _ = try attachment.run(first.plugin, "DEL", config: firstConfig, args: parity.args)
        }
        outcome.containerAfterDelete = try KernelState.read(attachment.container.name, keepingMACsOf: parity.stableMACs)
        outcome.hostAfterDelete = try KernelState.read(attachment.host.name)
        outcome.secondDeleteStatus = try attachment.run(parity.plugin, "DEL", config: config, args: parity.args).status
        outcome.leasesAfterDelete = attachment.allLeases()
        return outcome
    }

    /// Runs `parity` with Debian's plugin and with ours.
    static func compare(_ parity: ParityCase) throws -> (go: AttachmentLifecycle, ours: AttachmentLifecycle) {
        (try run(parity, ours: false), try run(parity, ours: true))
    }

    /// Each field that differs between Go's run and ours, both shown: the outcome fields not in
    /// `ignoring`, and every kernel-state path not `allowed` (``ParityAllowances``).
    static func differences(go: AttachmentLifecycle, ours: AttachmentLifecycle, ignoring: Set<String> = [],
                            allowing allowed: [AllowedDifference] = []) -> [String] {
        let outcomes: [(String, (AttachmentLifecycle) -> String)] = [
            ("result", { JSONSerializer.string($0.result) }), ("check", { $0.checkStatus.map(String.init) ?? "-" }),
            ("DEL", { String($0.deleteStatus) }), ("second DEL", { String($0.secondDeleteStatus) }),
            ("leases after DEL", { $0.leasesAfterDelete.joined(separator: ",") }),
        ]
        var differences = outcomes.compactMap { name, value in
            ignoring.contains(name) || value(go) == value(ours) ? nil : "\(name)\n  Go:   \(value(go))\n  ours: \(value(ours))"
        }
        let states: [(String, (AttachmentLifecycle) -> KernelState)] = [
            ("container", \.container), ("host", \.host),
            ("container after DEL", \.containerAfterDelete), ("host after DEL", \.hostAfterDelete),
        ]
        for (name, state) in states where !ignoring.contains(name) {
            differences += state(ours).differences(from: state(go), allowing: allowed).map { "\(name): \($0)" }
        }
        return differences
    }
}
