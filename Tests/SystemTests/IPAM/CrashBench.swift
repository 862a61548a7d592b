#if canImport(Glibc)
import Glibc
#endif
import CNISpec
@testable import IPAM
import LinuxSystem
import NetAddress
import TestSupport

/// A bridge network with host-local IPAM in a host namespace of the test's own, one container
/// whose ADD can be SIGKILLed at a chosen instant, and a few bystander leases of other
/// containers; plus what is on disk and in the kernel after each step.
///
/// Our multi-call binary runs as `bridge`, and runs host-local in its own process
/// (SameBinaryExecutor), so a kill of bridge's process group at a random instant also lands
/// inside host-local's lease write.
final class CrashBench {
    static let network = "crash"
    static let bridgeName = "crashbr0"
    /// A /28: .1 is the gateway, .2 to .14 are handed out (13 addresses).
    static let subnetPrefix = "10.250.217."
    static let bystanders = ["bystander-a", "bystander-b", "bystander-c", "bystander-d"]

    let attachment: IsolatedAttachment
    let scratch: String
    let configPath: String
    let config: String
    var containerID: String { "ph-\(attachment.container.name)" }
    var leaseDirectory: String { "\(attachment.dataDirectory)/\(Self.network)" }
    /// The bystanders' lease files (address → content), which no step may change.
    private(set) var bystanderLeases: [String: String] = [:]

    init() throws {
        attachment = try IsolatedAttachment(ours: true, plugins: ["bridge", "host-local"])
        scratch = try Fixtures.temporaryDirectory("swiftcni-crash")
        config = #"""
        {"cniVersion":"1.0.0","name":"\#(Self.network)","type":"bridge","bridge":"\#(Self.bridgeName)","isGateway":true,
         "ipam":{"type":"host-local","dataDir":"\#(attachment.dataDirectory)","ranges":[[{"subnet":"\#(Self.subnetPrefix)0/28"}]]}}
        """#
        configPath = "\(scratch)/config.json"
        try FileSystem.writeFileAtomically(configPath, Array(config.utf8))
    }

    deinit { try? FileSystem.removeTree(scratch) }

    /// Leases an address to each bystander with host-local alone (no interface needed).
    func addBystanders() throws {
        for id in Self.bystanders {
            let output = try run("host-local", "ADD", containerID: id)
            guard output.succeeded else { throw CommandFailure(command: "host-local ADD \(id)", output: output) }
        }
        bystanderLeases = try leaseFiles().filter { Self.bystanders.contains(Self.owner(ofContent: $0.value)) }
    }

    /// The CNI variables of a call, for `containerID` in the bench's container namespace.
    private func environment(_ command: String, containerID: String) -> [String] {
        [
            "CNI_COMMAND=\(command)", "CNI_CONTAINERID=\(containerID)", "CNI_NETNS=\(attachment.container.path)",
            "CNI_IFNAME=eth0", "CNI_PATH=\(attachment.pluginDirectory)", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
        ]
    }

    /// Runs a plugin to completion inside the host namespace.
    func run(_ plugin: String, _ command: String, containerID: String? = nil) throws -> Command.Output {
        var variables: [String: String] = [:]
        for entry in environment(command, containerID: containerID ?? self.containerID) {
            let parts = entry.split(separator: "=", maxSplits: 1)
            variables[String(parts[0])] = String(parts[1])
        }
        return try Command.run(["ip", "netns", "exec", attachment.host.name, "\(attachment.pluginDirectory)/\(plugin)"],
                               environment: variables, stdin: config)
    }

    /// Starts bridge ADD for the container, SIGKILLs its process group `delay` microseconds after
    /// the spawn, and reaps it: `nil` if it was killed, its exit status if it finished first.
    func killedAdd(after delay: UInt32) throws -> Int32? {
        let pid = try ProcessRunner.spawn(
            try Command.which("ip"), arguments: ["ip", "netns", "exec", attachment.host.name, "\(attachment.pluginDirectory)/bridge"],
            environment: environment("ADD", containerID: containerID),
            options: .init(descriptors: [.open(configPath, flags: O_RDONLY, as: 0), .open("/dev/null", flags: O_WRONLY, as: 1),
                                         .open("/dev/null", flags: O_WRONLY, as: 2)], grouping: .newProcessGroup))
        if delay > 0 { usleep(delay) }
        // The whole group: bridge and any child it started (host-local, when it is not run in-process).
        _ = kill(-pid, SIGKILL)
        switch try ProcessRunner.wait(for: pid) {
        case .exited(let status): return status
        case .signaled, .timedOut: return nil
        }
    }

    /// How long an ADD and its DEL take, in microseconds (the median of `runs`), to spread the kills over.
    func addDuration(runs: Int = 5) throws -> UInt32 {
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = ProcessRunner.monotonicSeconds()
            let output = try run("bridge", "ADD")
            samples.append(ProcessRunner.monotonicSeconds() - start)
            guard output.succeeded else { throw CommandFailure(command: "bridge ADD", output: output) }
            let deleted = try run("bridge", "DEL")
            guard deleted.succeeded else { throw CommandFailure(command: "bridge DEL", output: deleted) }
        }
        return UInt32(samples.sorted()[runs / 2] * 1_000_000)
    }

    // MARK: - What is there

    /// Every file in the lease directory that is not the lock or a `last_reserved_ip.N` record:
    /// leases, and anything else (a temporary file) that must not outlive a call.
    func leaseFiles() throws -> [String: String] {
        guard FileSystem.isDirectory(leaseDirectory) else { return [:] }
        var files: [String: String] = [:]
        for name in try FileSystem.listDirectory(leaseDirectory) where name != "lock" && !name.hasPrefix("last_reserved_ip.") {
            files[name] = String(decoding: (try? FileSystem.readFile("\(leaseDirectory)/\(name)")) ?? [], as: UTF8.self)
        }
        return files
    }

    /// The files beyond the bystanders' leases.
    func ownFiles() throws -> [String: String] {
        try leaseFiles().filter { bystanderLeases[$0.key] != $0.value }
    }

    /// The container a lease content names.
    static func owner(ofContent content: String) -> String {
        String(content.split(separator: "\r\n", omittingEmptySubsequences: false).first ?? "")
    }

    /// Links of a namespace other than `lo` (and the bridge, which belongs to the network).
    func links(in namespace: TestNamespace) throws -> [String] {
        let text = try namespace.ipJSON("link", "show")
        return (try JSONParser.parse(text).arrayValue ?? []).compactMap { $0["ifname"]?.stringValue }
            .filter { $0 != "lo" && $0 != Self.bridgeName }
    }

    /// Whether the container's `eth0` has an IPv4 address.
    func containerHasAddress() -> Bool {
        guard let text = try? attachment.container.ipJSON("-4", "addr", "show", "dev", "eth0"),
              let links = try? JSONParser.parse(text).arrayValue else { return false }
        return links.contains { !($0["addr_info"]?.arrayValue ?? []).isEmpty }
    }

    /// Index entries missing while the index claims to describe the lease directory: what must
    /// never happen, at any instant ("the index may list more than the truth, never less").
    func leasesMissingFromATrustedIndex() throws -> [String] {
        guard FileSystem.isDirectory(leaseDirectory),
              FileSystem.isDirectory("\(attachment.dataDirectory)/.swift-cni-index/\(Self.network)") else { return [] }
        let index = try LeaseIndex(dataDirectory: attachment.dataDirectory, network: Self.network)
        guard index.isCurrent(for: try FileStatus(path: leaseDirectory)) else { return [] }
        return try leaseFiles().compactMap { name, content in
            guard let address = IPAddress(name), address.description == name else { return nil }
            let owner = DiskLeaseStore.containerID(of: content.trimmingWhitespace)
            return try index.addresses(ofContainer: owner).contains(name) ? nil : "\(name) (\(owner))"
        }
    }

    /// Puts the bench back to a clean start after a failed check: removes what the failure left.
    func repair() throws {
        for name in try ownFiles().keys { try FileSystem.removeFile("\(leaseDirectory)/\(name)") }
        for link in try links(in: attachment.host) { _ = try Command.run(["ip", "-n", attachment.host.name, "link", "del", link]) }
        for link in try links(in: attachment.container) {
            _ = try Command.run(["ip", "-n", attachment.container.name, "link", "del", link])
        }
    }
}
