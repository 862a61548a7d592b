import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// Failures at the process boundary, with real processes: plugins that hang, die, print garbage
/// or are missing, and our plugin binary given bad environments and configurations.
@Suite struct ProcessBoundaryTests {
    /// A directory with shell-script plugins that misbehave in chosen ways.
    final class BadPlugins: @unchecked Sendable {
        let directory: String
        init() throws {
            directory = try Fixtures.temporaryDirectory("swiftcni-badplugins")
            let scripts = [
                "hangs": "#!/bin/sh\necho $$ > \"$(dirname \"$0\")/hangs.pid\"\nexec sleep 30\n",
                "dies": "#!/bin/sh\nkill -9 $$\n",
                "garbage": "#!/bin/sh\necho 'this is not json'\nexit 1\n",
                "silent-fail": "#!/bin/sh\necho 'stderr words' >&2\nexit 3\n",
                "coded-fail": "#!/bin/sh\necho '{\"code\":11,\"msg\":\"try later\",\"details\":\"busy\"}'\nexit 1\n",
                "bad-result": "#!/bin/sh\necho '{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"nonsense\"}]}'\n",
            ]
            for (name, body) in scripts {
                let path = "\(directory)/\(name)"
                try FileSystem.writeFileAtomically(path, Array(body.utf8), mode: 0o755)
            }
        }
        deinit { try? FileSystem.removeTree(directory) }

        func list(_ type: String) throws -> String {
            let netdir = "\(directory)/net.d"
            try FileSystem.createDirectory(netdir)
            try FileSystem.writeFileAtomically("\(netdir)/\(type).conflist", Array(#"{"cniVersion":"1.0.0","name":"\#(type)","plugins":[{"type":"\#(type)"}]}"#.utf8))
            return netdir
        }

        func add(_ type: String, timeout: String = "60") throws -> Command.Output {
            try Command.run([Binaries.cnitool, "add", type, "/var/run/netns/unused"], environment: [
                "NETCONFPATH": try list(type), "CNI_PATH": directory, "CNI_CACHE_DIR": "\(directory)/cache",
                "CNI_TIMEOUT": timeout,
            ], timeout: 20)
        }
    }

    @Test func aHangingPluginIsKilledAtTheTimeout() throws {
        let plugins = try BadPlugins()
        let output = try plugins.add("hangs", timeout: "1")
        #expect(output.status == 1 && output.stderr.contains("timed out"), "\(output.stderr)")
        // The sleeping child went with it (its process group was killed).
        let pid = try #require(Int32(String(decoding: try FileSystem.readFile("\(plugins.directory)/hangs.pid"), as: UTF8.self)
            .filter { !$0.isWhitespace }))
        #expect(!ProcessTable.isRunning(pid), "the hanging plugin (pid \(pid)) is still running")
    }

    @Test(arguments: [
        ("dies", "signal 9"), ("garbage", "this is not json"), ("silent-fail", "stderr words"),
        ("coded-fail", "try later"), ("bad-result", "nonsense"), ("absent", "failed to find plugin \"absent\""),
    ])
    func aFailingPluginIsReportedWithWhatItSaid(_ type: String, _ fragment: String) throws {
        let plugins = try BadPlugins()
        let output = try plugins.add(type)
        #expect(output.status == 1, "\(output)")
        #expect(output.stderr.contains(fragment), "\(output.stderr)")
        #expect(output.stderr.contains("type=\"\(type)\"") || type == "absent")
        // Nothing was cached for a failed ADD.
        #expect((try? FileSystem.listDirectory("\(plugins.directory)/cache/results"))?.isEmpty ?? true)
    }

    /// Our plugin binary, run as a runtime runs it.
    static func runPlugin(_ name: String, command: String, stdin: String, env: [String: String] = [:]) throws -> (Command.Output, CNIError?) {
        var environment = ["CNI_COMMAND": command, "CNI_CONTAINERID": "ctr", "CNI_NETNS": "/var/run/netns/none",
                           "CNI_IFNAME": "eth0", "CNI_PATH": "/nonexistent"]
        for (key, value) in env { environment[key] = value }
        let directory = try Binaries.pluginDirectory(ours: [name])
        defer { try? FileSystem.removeTree(directory) }
        let output = try Command.run(["\(directory)/\(name)"], environment: environment, stdin: stdin)
        return (output, (try? JSONParser.parse(output.stdout)).flatMap { CNIError(json: $0) })
    }

    @Test func versionAnswersFromTheRealBinary() throws {
        let (output, _) = try Self.runPlugin("loopback", command: "VERSION", stdin: "")
        #expect(output.succeeded)
        #expect(try JSONParser.parse(output.stdout)["supportedVersions"] ==
                ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
    }

    @Test(arguments: [
        ("ADD", #"{"cniVersion":"1.0.0","name":"n","type":"loopback""#, [:], 6),
        ("ADD", #"{"cniVersion":"7.0.0","name":"n","type":"loopback"}"#, [:], 1),
        ("ADD", #"{"cniVersion":"1.0.0","type":"loopback"}"#, [:], 7),
        ("ADD", #"{"cniVersion":"1.0.0","name":"n","type":"loopback"}"#, ["CNI_NETNS": ""], 4),
        ("ADD", #"{"cniVersion":"1.0.0","name":"n","type":"loopback"}"#, ["CNI_IFNAME": "x/y"], 4),
        ("BOGUS", #"{"cniVersion":"1.0.0","name":"n","type":"loopback"}"#, [:], 4),
        ("CHECK", #"{"cniVersion":"0.3.0","name":"n","type":"loopback"}"#, [:], 1),
    ] as [(String, String, [String: String], UInt)])
    func badInputGetsTheSpecCodeFromTheRealBinary(_ command: String, _ stdin: String, _ env: [String: String], _ code: UInt) throws {
        let (output, error) = try Self.runPlugin("loopback", command: command, stdin: stdin, env: env)
        #expect(output.status == 1)
        #expect(error?.code.rawValue == code, "\(output.stdout)")
    }

    @Test func hugeStdinIsRefusedWithCode5() throws {
        let huge = "{\"pad\":\"" + String(repeating: "x", count: 17 << 20) + "\"}"
        let (output, error) = try Self.runPlugin("loopback", command: "ADD", stdin: huge)
        #expect(output.status == 1 && error?.code == .ioFailure, "\(output.stdout.prefix(300))")
    }
}
