import LinuxSystem

/// A private OVS-DPDK for one test (Scripts/ovs-dpdk-sandbox.sh): ovsdb-server and
/// ovs-vswitchd-dpdk under a temporary directory, no hugepages, no PCI, one PMD that sleeps
/// when idle, vswitchd in a network namespace of its own (its bridges' tap devices stay there). Both daemons, the directory and `/var/run/dpdk/<prefix>` go away when the test
/// ends, whatever happened.
public final class OVSSandbox: @unchecked Sendable {
    /// The run directory (also where `dpdkvhostuser` sockets appear).
    public let directory: String
    /// The EAL file prefix of this vswitchd.
    public let prefix: String
    /// The OVSDB socket.
    public var socket: String { "\(directory)/db.sock" }

    public init(memoryMB: Int = 512) throws {
        directory = "/tmp/swiftcni-ovs-\(String(UInt32.random(in: 0 ... .max), radix: 16))"
        prefix = "swiftcni-ovs-\(String(UInt32.random(in: 0 ... .max), radix: 16))"
        let started = try Command.run([Self.script, "start", directory, prefix], environment: ["SANDBOX_MEM": "\(memoryMB)"],
                                      timeout: 60)
        guard started.succeeded else {
            _ = try? Command.run([Self.script, "stop", directory], timeout: 30)
            throw CommandFailure(command: "ovs-dpdk-sandbox.sh start", output: started)
        }
    }

    static var script: String { "\(Fixtures.repositoryRoot)/Scripts/ovs-dpdk-sandbox.sh" }

    /// `ovs-vsctl --db=unix:SOCKET ARGS`.
    @discardableResult
    public func vsctl(_ arguments: String...) throws -> String {
        try Command.check(["ovs-vsctl", "--db=unix:\(socket)"] + arguments).trimmingSuffix()
    }

    /// `ovs-ofctl ARGS` on a bridge's management socket.
    @discardableResult
    public func ofctl(_ command: String, bridge: String, _ arguments: String...) throws -> String {
        try Command.check(["ovs-ofctl", command, "unix:\(directory)/\(bridge).mgmt"] + arguments)
    }

    /// The names of the ports on a bridge.
    public func ports(on bridge: String) throws -> [String] {
        try vsctl("list-ports", bridge).split(separator: "\n").map(String.init)
    }

    deinit { _ = try? Command.run([Self.script, "stop", directory], timeout: 30) }
}

extension String {
    /// Without trailing newlines and spaces (command output).
    public func trimmingSuffix() -> String {
        var text = self
        while text.last?.isNewline == true || text.last == " " { text.removeLast() }
        return text
    }
}
