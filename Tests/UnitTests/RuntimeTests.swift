import CNIRuntime
import CNISpec
import LinuxSystem
import NetAddress
import PluginExec
import TestSupport
import Testing

/// The runtime against in-process plugins: chaining, capabilities, the cache, GC and rollback.
@Suite struct RuntimeTests {
    static let listJSON = #"""
        {"cniVersion":"1.1.0","name":"rtnet","plugins":[
          {"type":"first","keep":{"me":true}},
          {"type":"second","capabilities":{"portMappings":true,"mac":false}}
        ]}
        """#

    struct Setup {
        let directory: String
        let executor: InProcessExecutor
        let runtime: NetworkRuntime
        let list: NetworkConfigList
    }

    static func setup(first: ScriptedPlugin? = nil, second: ScriptedPlugin = ScriptedPlugin(),
                      json: String = listJSON) throws -> Setup {
        let directory = try Fixtures.temporaryDirectory()
        let firstPlugin = first ?? ScriptedPlugin { _ in
            .v1(Result100(cniVersion: .v1_1_0, interfaces: [Interface(name: "eth0", sandbox: "/ns")],
                          ips: [IPConfig(interface: 0, address: IPPrefix("10.250.1.5/24")!)]))
        }
        let executor = InProcessExecutor(["first": firstPlugin, "second": second])
        let runtime = NetworkRuntime(pluginPath: ["/in-process"], cache: ResultCache(directory: directory), executor: executor)
        return Setup(directory: directory, executor: executor, runtime: runtime,
                     list: try NetworkConfigList(bytes: Array(json.utf8)))
    }

    static let attachment = RuntimeAttachment(
        containerID: "ctr1", netns: "/var/run/netns/ctr1", interfaceName: "eth0",
        args: [CNIArgs.Pair(key: "IgnoreUnknown", value: "1")],
        capabilityArgs: ["portMappings": [["hostPort": 8080, "containerPort": 80]], "mac": "02:00:00:00:00:09"])

    @Test func addChainsInjectsAndCaches() throws {
        let s = try Self.setup()
        defer { try? FileSystem.removeTree(s.directory) }
        let result = try s.runtime.add(s.list, Self.attachment)
        #expect(result.version == .v1_1_0)
        let calls = s.executor.calls
        #expect(calls.map(\.plugin) == ["first", "second"])
        // name and cniVersion injected, unknown keys kept, no prevResult for the first plugin
        #expect(calls[0].stdin["name"] == "rtnet" && calls[0].stdin["cniVersion"] == "1.1.0")
        #expect(calls[0].stdin["keep"] == ["me": true] && calls[0].stdin["prevResult"] == nil)
        #expect(calls[0].stdin["runtimeConfig"] == nil)
        // the second gets the first's result and only the capability it declares as true
        #expect(calls[1].stdin["prevResult"]?["ips"] == [["interface": 0, "address": "10.250.1.5/24"]])
        #expect(calls[1].stdin["runtimeConfig"] == ["portMappings": [["hostPort": 8080, "containerPort": 80]]])
        #expect(environmentValue(calls[1].environment, "CNI_ARGS") == "IgnoreUnknown=1")
        // the cache is Go's format
        let file = "\(s.directory)/results/rtnet-ctr1-eth0"
        let cached = try JSONParser.parse(try FileSystem.readFile(file))
        #expect(cached["kind"] == "cniCacheV1" && cached["containerId"] == "ctr1" && cached["ifName"] == "eth0")
        #expect(cached["networkName"] == "rtnet" && cached["netns"] == "/var/run/netns/ctr1")
        #expect(cached["cniArgs"] == [["IgnoreUnknown", "1"]])
        #expect(cached["result"] == result.jsonValue)
        let entry = try #require(try s.runtime.cache.load(network: "rtnet", containerID: "ctr1", interfaceName: "eth0"))
        #expect(entry.config == s.list.bytes)
    }

    @Test func checkAndDeleteUseTheCachedResultAndDeleteRunsInReverse() throws {
        let s = try Self.setup()
        defer { try? FileSystem.removeTree(s.directory) }
        _ = try s.runtime.add(s.list, Self.attachment)
        try s.runtime.check(s.list, Self.attachment)
        try s.runtime.delete(s.list, Self.attachment)
        let calls = s.executor.calls.dropFirst(2)
        #expect(calls.map { "\($0.command) \($0.plugin)" } == ["CHECK first", "CHECK second", "DEL second", "DEL first"])
        for call in calls { #expect(call.stdin["prevResult"]?["ips"] != nil) }
        #expect(try s.runtime.cache.load(network: "rtnet", containerID: "ctr1", interfaceName: "eth0") == nil)
        // A second DEL works without a cache entry and passes no prevResult.
        try s.runtime.delete(s.list, Self.attachment)
        #expect(s.executor.calls.last?.stdin["prevResult"] == nil)
    }

    @Test func failedAddRollsBackThePluginsThatRan() throws {
        let failing = ScriptedPlugin { _ in throw CNIError(.tryAgainLater, "no addresses left") }
        let s = try Self.setup(second: failing)
        defer { try? FileSystem.removeTree(s.directory) }
        let error = #expect(throws: CNIError.self) { _ = try s.runtime.add(s.list, Self.attachment) }
        #expect(error?.code == .tryAgainLater && error?.message.contains("type=\"second\"") == true)
        #expect(s.executor.calls.map { "\($0.command) \($0.plugin)" } == ["ADD first", "ADD second", "DEL second", "DEL first"])
        #expect(try s.runtime.cache.load(network: "rtnet", containerID: "ctr1", interfaceName: "eth0") == nil)
    }

    @Test func checkIsRefusedBefore040AndSkippedWhenDisabled() throws {
        let old = try Self.setup(json: #"{"cniVersion":"0.3.1","name":"rtnet","plugins":[{"type":"first"}]}"#)
        defer { try? FileSystem.removeTree(old.directory) }
        #expect(throws: CNIError.self) { try old.runtime.check(old.list, Self.attachment) }
        let disabled = try Self.setup(json: #"{"cniVersion":"1.0.0","name":"rtnet","disableCheck":true,"plugins":[{"type":"first"}]}"#)
        defer { try? FileSystem.removeTree(disabled.directory) }
        try disabled.runtime.check(disabled.list, Self.attachment)
        #expect(disabled.executor.calls.isEmpty)
    }

    @Test func garbageCollectDeletesStaleAttachmentsAndPassesValidOnes() throws {
        let s = try Self.setup()
        defer { try? FileSystem.removeTree(s.directory) }
        var stale = Self.attachment
        stale.containerID = "gone"
        _ = try s.runtime.add(s.list, Self.attachment)
        _ = try s.runtime.add(s.list, stale)
        let before = s.executor.calls.count
        try s.runtime.garbageCollect(s.list, validAttachments: [GCAttachment(containerID: "ctr1", interfaceName: "eth0")])
        let calls = s.executor.calls.dropFirst(before)
        #expect(calls.map { "\($0.command) \($0.plugin)" } == ["DEL second", "DEL first", "GC first", "GC second"])
        #expect(calls.first?.stdin["prevResult"] != nil)
        #expect(environmentValue(calls.first?.environment ?? [], "CNI_CONTAINERID") == "gone")
        let gc = try #require(calls.last)
        #expect(gc.stdin["cni.dev/valid-attachments"] == [["containerID": "ctr1", "ifname": "eth0"]])
        #expect(environmentValue(gc.environment, "CNI_CONTAINERID") == "")
        #expect(s.runtime.cache.entries().map(\.containerID) == ["ctr1"])
    }

    @Test func statusStopsAtTheFirstUnavailablePlugin() throws {
        var down = ScriptedPlugin()
        down.onStatus = { _ in throw CNIError(.pluginNotAvailable, "daemon down") }
        let s = try Self.setup(second: down)
        defer { try? FileSystem.removeTree(s.directory) }
        let error = #expect(throws: CNIError.self) { try s.runtime.status(s.list) }
        #expect(error?.code == .pluginNotAvailable)
    }

    @Test func cachedResultIsConvertedToTheListVersion() throws {
        let s = try Self.setup()
        defer { try? FileSystem.removeTree(s.directory) }
        _ = try s.runtime.add(s.list, Self.attachment)
        var older = s.list
        older.cniVersion = "0.4.0"
        let cached = try #require(try s.runtime.cachedResult(older, Self.attachment))
        #expect(cached.version == .v0_4_0)
    }
}

@Suite struct ConfigDirectoryTests {
    @Test func loadsInGoOrderAndFallsBackToSingleConfigs() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileSystem.removeTree(directory) }
        try FileSystem.writeFileAtomically("\(directory)/20-b.conflist", Array(#"{"cniVersion":"1.0.0","name":"dup","plugins":[{"type":"second"}]}"#.utf8))
        try FileSystem.writeFileAtomically("\(directory)/10-a.conflist", Array(#"{"cniVersion":"1.0.0","name":"dup","plugins":[{"type":"first"}]}"#.utf8))
        try FileSystem.writeFileAtomically("\(directory)/05-single.conf", Array(#"{"cniVersion":"0.4.0","name":"single","type":"bridge"}"#.utf8))
        try FileSystem.writeFileAtomically("\(directory)/06-other.json", Array(#"{"cniVersion":"0.4.0","name":"js","type":"ptp"}"#.utf8))
        try FileSystem.writeFileAtomically("\(directory)/ignored.txt", Array("x".utf8))
        let dir = ConfigDirectory(path: directory)
        #expect(try dir.network(named: "dup").plugins.map(\.type) == ["first"])
        let single = try dir.network(named: "single")
        #expect(single.plugins.map(\.type) == ["bridge"] && single.cniVersion == "0.4.0")
        #expect(try dir.network(named: "js").plugins.map(\.type) == ["ptp"])
        #expect(throws: CNIError.self) { try dir.network(named: "absent") }
        #expect(dir.allNetworks().map { $0.file.split(separator: "/").last.map(String.init) ?? "" } ==
                ["10-a.conflist", "20-b.conflist", "05-single.conf", "06-other.json"])
    }

    @Test func pluginsFromANetworkSubdirectoryAreAppended() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileSystem.removeTree(directory) }
        try FileSystem.writeFileAtomically("\(directory)/net.conflist", Array(#"{"cniVersion":"1.1.0","name":"net","plugins":[{"type":"first"}]}"#.utf8))
        try FileSystem.createDirectory("\(directory)/net")
        try FileSystem.writeFileAtomically("\(directory)/net/10-extra.conf", Array(#"{"type":"extra"}"#.utf8))
        #expect(try ConfigDirectory(path: directory).network(named: "net").plugins.map(\.type) == ["first", "extra"])
    }
}

@Suite struct CNIToolConventionTests {
    @Test func containerIDMatchesGoCnitool() {
        // sha512("/var/run/netns/cnit-a")[:10], computed with Go's crypto/sha512.
        #expect(CNIToolConventions.containerID(netnsPath: "/var/run/netns/smk-a") == "cnitool-201d8e47808d860ba8f5")
    }
}
