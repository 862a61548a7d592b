import LinuxSystem

/// A named network namespace for one test (created with `ip netns add`, so the test does not
/// depend on the code under test to make it), deleted when the test ends.
public final class TestNamespace: @unchecked Sendable {
    /// The name under /var/run/netns.
    public let name: String
    /// `/var/run/netns/NAME`.
    public var path: String { "/var/run/netns/\(name)" }

    public init(prefix: String = "cnitest") throws {
        name = "\(prefix)-\(String(UInt32.random(in: 0 ... .max), radix: 16))"
        try Command.check(["ip", "netns", "add", name])
    }

    /// Runs `ip -n NAME -j ARGS` and returns the parsed JSON.
    public func ipJSON(_ arguments: String...) throws -> String {
        try Command.check(["ip", "-n", name, "-j"] + arguments)
    }

    /// Runs a command inside the namespace.
    @discardableResult
    public func exec(_ arguments: [String]) throws -> Command.Output {
        try Command.run(["ip", "netns", "exec", name] + arguments)
    }

    deinit { _ = try? Command.run(["ip", "netns", "del", name]) }
}

/// Host-side state a test changes and must put back: links it created, sysctls it may flip.
public final class HostCleanup: @unchecked Sendable {
    private var links: [String] = []
    private let forwarding: String?

    /// `restoresForwarding`: put `net.ipv4.ip_forward` back at the end. Only for tests whose
    /// plugins may enable it (a gateway bridge): restoring it blindly elsewhere would undo what a
    /// concurrently running test just set.
    public init(restoresForwarding: Bool = false) {
        forwarding = restoresForwarding
            ? (try? FileSystem.readFile("/proc/sys/net/ipv4/ip_forward")).map { String(decoding: $0, as: UTF8.self) } : nil
    }

    /// Deletes this link (in the host namespace) when the test ends.
    public func deleteLink(_ name: String) { links.append(name) }

    deinit {
        for link in links { _ = try? Command.run(["ip", "link", "del", link]) }
        if let forwarding { try? FileSystem.writeFile("/proc/sys/net/ipv4/ip_forward", Array(forwarding.utf8)) }
    }
}
