import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// `cnitool gc` and `cnitool status` with a recording plugin (a shell script that logs every call),
/// so the exact calls and inputs the runtime makes are visible.
@Suite struct CNIToolGCTests {
    final class Recorder: @unchecked Sendable {
        let root: String
        var log: String { "\(root)/calls.log" }

        init(version: String = "1.1.0", statusFails: Bool = false) throws {
            root = try Fixtures.temporaryDirectory("swiftcni-gc")
            try FileSystem.createDirectory("\(root)/bin")
            try FileSystem.createDirectory("\(root)/net.d")
            let status = statusFails ? #"echo '{"code":50,"msg":"daemon not running"}'; exit 1"# : "exit 0"
            let script = """
                #!/bin/sh
                input=$(cat)
                printf '%s %s %s %s\\n' "$CNI_COMMAND" "${CNI_CONTAINERID:--}" "${CNI_IFNAME:--}" "$(printf '%s' "$input" | jq -c '."cni.dev/valid-attachments" // "none"')" >> \(log)
                case "$CNI_COMMAND" in
                  ADD) echo '{"cniVersion":"\(version)","ips":[{"address":"10.250.99.2/24"}]}' ;;
                  STATUS) \(status) ;;
                  VERSION) echo '{"cniVersion":"1.1.0","supportedVersions":["1.0.0","1.1.0"]}' ;;
                esac
                """
            try FileSystem.writeFileAtomically("\(root)/bin/recorder", Array(script.utf8), mode: 0o755)
            try FileSystem.writeFileAtomically(
                "\(root)/net.d/gc.conflist",
                Array(#"{"cniVersion":"\#(version)","name":"gcnet","plugins":[{"type":"recorder"}]}"#.utf8))
        }

        var environment: [String: String] {
            ["NETCONFPATH": "\(root)/net.d", "CNI_PATH": "\(root)/bin", "CNI_CACHE_DIR": "\(root)/cache"]
        }

        func cnitool(_ arguments: String...) throws -> Command.Output {
            try Command.run([Binaries.cnitool] + arguments, environment: environment)
        }

        func calls() throws -> [String] {
            String(decoding: try FileSystem.readFile(log), as: UTF8.self).split(separator: "\n").map(String.init)
        }

        deinit { try? FileSystem.removeTree(root) }
    }

    @Test func gcKeepsLiveAttachmentsAndCollectsThoseWhoseNamespaceIsGone() throws {
        let recorder = try Recorder()
        let live = try TestNamespace()
        var gone: TestNamespace? = try TestNamespace()
        let gonePath = try #require(gone?.path)
        #expect(try recorder.cnitool("add", "gcnet", live.path).succeeded)
        #expect(try recorder.cnitool("add", "gcnet", gonePath).succeeded)
        gone = nil  // the container died without a DEL
        let liveID = CNIToolConventionsForTests.containerID(live.path)
        let goneID = CNIToolConventionsForTests.containerID(gonePath)
        let gc = try recorder.cnitool("gc", "gcnet")
        #expect(gc.succeeded, "\(gc.stderr)")
        let calls = try recorder.calls().dropFirst(2)
        #expect(Array(calls) == [
            "DEL \(goneID) eth0 \"none\"",
            "GC - - [{\"containerID\":\"\(liveID)\",\"ifname\":\"eth0\"}]",
        ])
        // The stale cache entry went with its DEL; the live one stays.
        let cached = try FileSystem.listDirectory("\(recorder.root)/cache/results")
        #expect(cached == ["gcnet-\(liveID)-eth0"])
    }

    @Test func gcAllPassesNoValidAttachments() throws {
        let recorder = try Recorder()
        let live = try TestNamespace()
        #expect(try recorder.cnitool("add", "gcnet", live.path).succeeded)
        #expect(try recorder.cnitool("gc", "gcnet", "--all").succeeded)
        let calls = try recorder.calls().dropFirst()
        #expect(calls.first?.hasPrefix("DEL ") == true)
        #expect(calls.last == "GC - - []")
    }

    @Test func gcAndStatusSkipPluginsBefore110() throws {
        let recorder = try Recorder(version: "1.0.0")
        #expect(try recorder.cnitool("gc", "gcnet").succeeded)
        #expect(try recorder.cnitool("status", "gcnet").succeeded)
        #expect((try? recorder.calls()) ?? [] == [])
    }

    @Test func statusReportsTheFirstUnavailablePlugin() throws {
        let recorder = try Recorder(statusFails: true)
        let status = try recorder.cnitool("status", "gcnet")
        #expect(!status.succeeded && status.stderr.contains("daemon not running"), "\(status.stderr)")
        #expect(try recorder.calls() == ["STATUS - - \"none\""])
    }
}

/// Go cnitool's container ID convention, computed the way Go computes it (sha512sum), not with
/// our own code, so the test does not check our code against itself.
enum CNIToolConventionsForTests {
    static func containerID(_ netnsPath: String) -> String {
        let digest = (try? Command.check(["sh", "-c", "printf '%s' \"$0\" | sha512sum | cut -c1-20", netnsPath])) ?? ""
        return "cnitool-" + digest.filter { !$0.isWhitespace }
    }
}
