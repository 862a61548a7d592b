#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// `cnitool exec` and `cnitool netns`, end to end with real namespaces. Serialized: it is the
/// only suite that makes `cnitool-exec-*` namespaces, so it can check that none are left.
@Suite(.serialized) struct CNIToolExecTests {
    /// A private network for one test, with its own bridge and subnet.
    static func scratch() throws -> InteropScratch {
        let scratch = try InteropScratch(ours: ["loopback"], reference: ["bridge", "host-local", "tuning"])
        try scratch.writeBridgeList(name: "exectest")
        return scratch
    }

    /// The namespace `cnitool exec` reported on stderr; it must be gone once exec returns.
    static func reportedNamespace(_ stderr: String) -> String? {
        stderr.split(separator: " ").first { $0.hasPrefix("/var/run/netns/cnitool-exec-") }.map(String.init)
    }

    @Test func theCommandRunsInsideAndEverythingIsTornDown() throws {
        let scratch = try Self.scratch()
        let output = try scratch.cnitool(
            "exec", "--network", "exectest", "--", "sh", "-c", "ip -j addr show eth0; echo \"IP=$CNITOOL_IP\"; exit 3")
        #expect(output.status == 3, "\(output.stderr)")
        #expect(output.stdout.contains("IP=10.250.\(scratch.subnetIndex)."), "\(output.stdout)")
        #expect(output.stdout.contains("\"ifname\":\"eth0\""))
        let namespace = try #require(Self.reportedNamespace(output.stderr))
        #expect(!FileSystem.exists(namespace))
        #expect(try FileSystem.listDirectory("\(scratch.root)/cache/results").isEmpty)
        let leases = try FileSystem.listDirectory("\(scratch.root)/ipam/exectest").filter { $0.hasPrefix("10.") }
        #expect(leases.isEmpty)
    }

    @Test func twoExecsTalkOverTheBridge() throws {
        let scratch = try Self.scratch()
        let script = """
            \(Binaries.cnitool) exec --network exectest -- sh -c 'echo $CNITOOL_IP > \(scratch.root)/ip; \
            busybox nc -l -p 7777 > \(scratch.root)/received' &
            for i in $(seq 50); do [ -s \(scratch.root)/ip ] && break; sleep 0.1; done
            \(Binaries.cnitool) exec --network exectest -- sh -c "for i in \\$(seq 30); do echo hello-over-the-bridge | busybox nc -w 2 $(cat \(scratch.root)/ip) 7777 && break; sleep 0.1; done"
            wait
            """
        let output = try Command.run(["sh", "-c", script], environment: scratch.environment, timeout: 30)
        #expect(output.succeeded, "\(output.stderr)")
        let received = try FileSystem.readFile("\(scratch.root)/received")
        #expect(String(decoding: received, as: UTF8.self) == "hello-over-the-bridge\n")
    }

    @Test func anInterruptedCommandStillTearsDown() throws {
        let scratch = try Self.scratch()
        let script = """
            \(Binaries.cnitool) exec --network exectest -- sleep 30 2> \(scratch.root)/stderr &
            pid=$!
            for i in $(seq 50); do ls \(scratch.root)/cache/results/* >/dev/null 2>&1 && break; sleep 0.1; done
            kill -TERM $pid
            wait $pid
            echo "status=$?"
            """
        let output = try Command.run(["sh", "-c", script], environment: scratch.environment, timeout: 30)
        #expect(output.stdout.contains("status=143"), "\(output.stdout) \(output.stderr)")
        let stderr = String(decoding: try FileSystem.readFile("\(scratch.root)/stderr"), as: UTF8.self)
        let namespace = try #require(Self.reportedNamespace(stderr))
        #expect(!FileSystem.exists(namespace))
        #expect(try FileSystem.listDirectory("\(scratch.root)/cache/results").isEmpty)
    }

    @Test func aFailedAttachLeavesNothing() throws {
        let scratch = try Self.scratch()
        let before = Set(NetworkNamespaceNames.current())
        let output = try scratch.cnitool("exec", "--network", "no-such-network", "--", "true")
        #expect(!output.succeeded && output.stderr.contains("no-such-network"))
        let broken = try scratch.cnitool("exec", "--network", "exectest", "--", "true", extra: ["CNI_PATH": "/nonexistent"])
        #expect(!broken.succeeded && broken.stderr.contains("failed to find plugin"))
        let leftovers = Set(NetworkNamespaceNames.current()).subtracting(before).filter { $0.hasPrefix("cnitool-exec-") }
        #expect(leftovers.isEmpty)
    }

    @Test func netnsAddListDelete() throws {
        let name = "cnitest-named-\(UInt16.random(in: 0 ... .max))"
        let added = try Command.run([Binaries.cnitool, "netns", "add", name])
        #expect(added.succeeded && added.stdout == "/var/run/netns/\(name)\n")
        #expect(try Command.check([Binaries.cnitool, "netns", "list"]).split(separator: "\n").contains(Substring(name)))
        // The namespace is real: ip sees it and can use it.
        #expect(try Command.run(["ip", "-n", name, "link", "show", "lo"]).succeeded)
        #expect(try !Command.run([Binaries.cnitool, "netns", "add", name]).succeeded)
        #expect(try Command.run([Binaries.cnitool, "netns", "del", name]).succeeded)
        #expect(try Command.run([Binaries.cnitool, "netns", "del", name]).succeeded)
        #expect(!FileSystem.exists("/var/run/netns/\(name)"))
    }
}

/// The named namespaces that exist now.
enum NetworkNamespaceNames {
    static func current() -> [String] { (try? FileSystem.listDirectory("/var/run/netns")) ?? [] }
}
