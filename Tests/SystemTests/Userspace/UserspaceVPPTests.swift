import CNISpec
import LinuxSystem
import TestSupport
import Testing
import VPPAPI

extension UserspaceSystemTests {
    /// The VPP tier: the plugin's `vpp` engine and our API client against a real VPP, started
    /// per test with private sockets (``VPPSandbox``). VPP is built by hand (docs/USERSPACE.md);
    /// without a binary the suite is reported as not run.
    @Suite(.enabled(if: VPPSandbox.binary != nil, Comment(rawValue: VPPSandbox.disabledReason)))
    struct VPPTests {
        static let memifBridge = #"{"engine":"vpp","iftype":"memif","netType":"bridge","memif":{"role":"server"},"bridge":{"bridgeName":"vp-bd"}}"#
        static let vhostBridge = #"{"engine":"vpp","iftype":"vhostuser","netType":"bridge","vhost":{"mode":"client"},"bridge":{"bridgeId":160}}"#

        /// host-local in our own range, its data under the scratch directory's sibling.
        static func scratch(host: String, vpp: VPPSandbox) throws -> (UserspaceScratch, String) {
            let ipamDir = try Fixtures.temporaryDirectory("vp-ipam")
            let ipam = #"{"type":"host-local","dataDir":"\#(ipamDir)","subnet":"10.250.160.0/24","rangeStart":"10.250.160.10","rangeEnd":"10.250.160.50"}"#
            return (try UserspaceScratch(host: host, ipam: ipam, vpp: vpp), ipamDir)
        }

        @Test func theClientTalksToARealVPPAndRefusesADefinitionItDoesNotSpeak() throws {
            let vpp = try VPPSandbox()
            let connection = try VPPConnection(path: vpp.apiSocket)
            defer { connection.close() }
            #expect(connection.messageCount > 500)
            let version = try connection.call(ShowVersion())
            #expect(version.program == "vpe" && !version.version.isEmpty)
            #expect(try vpp.vppctl("show", "version").contains(version.version))
            let interfaces = try connection.dump(SwInterfaceDump())
            #expect(interfaces.first?.interfaceName == "local0" && interfaces.first?.swIfIndex == 0)
            #expect {
                try connection.call(ShowVersionOfAnotherRelease())
            } throws: { ($0 as? VPPAPIError)?.code == .crcMismatch && "\($0)".contains("show_version") }
            // The connection still works after the refusal: nothing was sent.
            #expect(try connection.call(ControlPing()).vppPID > 0)
        }

        /// The first versions of the messages (for older VPPs) against this one: their layouts
        /// must be right for VPP to do what they say.
        @Test func theFirstVersionsOfTheMessagesWorkToo() throws {
            let vpp = try VPPSandbox()
            let client = VPPClient(path: vpp.apiSocket)
            defer { client.close() }
            try client.call(MemifSocketFilenameAddDel(isAdd: true, socketID: 7, socketFilename: "\(vpp.directory)/v1.sock"))
            var memif = MemifSettings(role: .server, mode: .ethernet, socketID: 7)
            memif.id = 3
            memif.ringSize = 512
            let memifIndex = try client.call(MemifCreate(memif)).swIfIndex
            var domain = BridgeDomainSettings(id: 171)
            domain.tag = "vp-v1"
            try client.call(BridgeDomainAddDel(domain, isAdd: true))
            let vhostIndex = try client.call(CreateVhostUserIf(VhostUserSettings(isServer: true, socketFilename: "\(vpp.directory)/v1-vhost"))).swIfIndex
            try client.call(SwInterfaceSetL2Bridge(swIfIndex: memifIndex, bridgeDomainID: 171, enable: true))
            try client.call(SwInterfaceSetL2Bridge(swIfIndex: vhostIndex, bridgeDomainID: 171, enable: true))
            let memifs = try vpp.vppctl("show", "memif")
            #expect(memifs.contains("\(vpp.directory)/v1.sock") && memifs.contains("socket-id 7 id 3"), "\(memifs)")
            #expect(try vpp.vppctl("show", "bridge-domain", "171", "detail").contains("VirtualEthernet"))
            #expect(try client.dump(BridgeDomainDump(id: 171)).first?.members.count == 2)
            try client.call(DeleteVhostUserIf(swIfIndex: vhostIndex))
            try client.call(MemifDelete(swIfIndex: memifIndex))
            try client.call(MemifSocketFilenameAddDel(isAdd: false, socketID: 7))
            try client.call(BridgeDomainAddDel(domain, isAdd: false))
            #expect(try client.dump(BridgeDomainDump(id: 171)).isEmpty)
            #expect(!(try vpp.vppctl("show", "memif")).contains("v1.sock"))
        }

        @Test func memifInABridgeDomainAddCheckDelete() throws {
            let vpp = try VPPSandbox()
            let (scratch, ipamDir) = try Self.scratch(host: Self.memifBridge, vpp: vpp)
            defer { try? FileSystem.removeTree(ipamDir) }
            let ns = try TestNamespace(prefix: "vpm")
            let added = try scratch.cnitool("add", "usernet", ns.path)
            #expect(added.succeeded, "\(added.stderr)")
            let containerID = try #require(scratch.containerIDs().first)
            let shortID = String(containerID.prefix(12))
            let socket = "\(scratch.sharedDir)/\(shortID)/memif-\(shortID)-eth0.sock"
            let memifs = try vpp.vppctl("show", "memif")
            #expect(memifs.contains(socket) && memifs.contains("yes (1)"), "VPP listens on the socket: \(memifs)")
            // The bridge domain is the one tagged with the name, made with an ID VPP chose.
            let client = VPPClient(path: vpp.apiSocket)
            defer { client.close() }
            let domain = try #require(try client.dump(BridgeDomainDump()).first { $0.tag == "vp-bd" })
            let detail = try vpp.vppctl("show", "bridge-domain", "\(domain.id)", "detail")
            #expect(detail.contains("memif"), "\(detail)")
            #expect(FileSystem.exists(socket), "VPP serves the socket")
            let handover = try scratch.handover(containerID: containerID)
            #expect(handover["config"]?["memif"]?["role"] == "client" && handover["socketPath"] == .string(socket))
            #expect(handover["hostPort"]?["engine"] == "vpp" && handover["hostPort"]?["type"] == "memif")
            #expect(handover["hostPort"]?["name"]?.stringValue?.hasPrefix("memif") == true)

            let checked = try scratch.cnitool("check", "usernet", ns.path)
            #expect(checked.succeeded, "\(checked.stderr)")
            let status = try scratch.cnitool("status", "usernet")
            #expect(status.succeeded, "\(status.stderr)")
            let deleted = try scratch.cnitool("del", "usernet", ns.path)
            #expect(deleted.succeeded, "\(deleted.stderr)")
            #expect(!(try vpp.vppctl("show", "memif")).contains(shortID))
            #expect(!(try vpp.vppctl("show", "interface")).contains("memif"))
            #expect(scratch.containerIDs().isEmpty && !FileSystem.exists(socket))
            let again = try scratch.cnitool("del", "usernet", ns.path)
            #expect(again.succeeded, "\(again.stderr)")
            // CHECK after DEL names what is missing.
            #expect(!(try scratch.cnitool("check", "usernet", ns.path)).succeeded)
        }

        @Test func vhostUserInANumberedBridgeDomainAddCheckDelete() throws {
            let vpp = try VPPSandbox()
            let (scratch, ipamDir) = try Self.scratch(host: Self.vhostBridge, vpp: vpp)
            defer { try? FileSystem.removeTree(ipamDir) }
            let ns = try TestNamespace(prefix: "vpv")
            let added = try scratch.cnitool("add", "usernet", ns.path)
            #expect(added.succeeded, "\(added.stderr)")
            let containerID = try #require(scratch.containerIDs().first)
            let socket = "\(scratch.sharedDir)/\(containerID.prefix(12))/\(containerID.prefix(12))-eth0"
            let vhost = try vpp.vppctl("show", "vhost-user")
            #expect(vhost.contains(socket) && vhost.contains("client"), "\(vhost)")
            #expect(try vpp.vppctl("show", "bridge-domain", "160", "detail").contains("VirtualEthernet"))
            #expect(try scratch.cnitool("check", "usernet", ns.path).succeeded)
            let deleted = try scratch.cnitool("del", "usernet", ns.path)
            #expect(deleted.succeeded, "\(deleted.stderr)")
            #expect(!(try vpp.vppctl("show", "interface")).contains("VirtualEthernet"))
            #expect(try scratch.cnitool("del", "usernet", ns.path).succeeded)
        }

        @Test func aRoutedInterfaceGetsTheIPAMAddressOnVPPsSide() throws {
            let vpp = try VPPSandbox()
            let (scratch, ipamDir) = try Self.scratch(
                host: #"{"engine":"vpp","iftype":"memif","netType":"interface","memif":{"role":"server","mode":"ip"}}"#, vpp: vpp)
            defer { try? FileSystem.removeTree(ipamDir) }
            let ns = try TestNamespace(prefix: "vpr")
            let added = try scratch.cnitool("add", "usernet", ns.path)
            #expect(added.succeeded, "\(added.stderr)")
            let addresses = try vpp.vppctl("show", "interface", "address")
            #expect(addresses.contains("10.250.160.10/24"), "\(addresses)")
            #expect(try scratch.cnitool("check", "usernet", ns.path).succeeded)
            #expect(try scratch.cnitool("del", "usernet", ns.path).succeeded)
            #expect(!(try vpp.vppctl("show", "interface", "address")).contains("10.250.160.10"))
        }

        @Test func garbageCollectionRemovesTheInterfacesOfContainersThatAreGone() throws {
            let vpp = try VPPSandbox()
            let (scratch, ipamDir) = try Self.scratch(host: Self.memifBridge, vpp: vpp)
            defer { try? FileSystem.removeTree(ipamDir) }
            let kept = try TestNamespace(prefix: "vpk")
            var gone: TestNamespace? = try TestNamespace(prefix: "vpg")
            #expect(try scratch.cnitool("add", "usernet", kept.path).succeeded)
            #expect(try scratch.cnitool("add", "usernet", gone!.path).succeeded)
            #expect(occurrences(of: "memif", in: try vpp.vppctl("show", "interface")) == 2)
            gone = nil  // its namespace is deleted: cnitool gc passes only living attachments as valid
            let collected = try scratch.cnitool("gc", "usernet")
            #expect(collected.succeeded, "\(collected.stderr)")
            #expect(scratch.containerIDs().count == 1)
            let memifs = try vpp.vppctl("show", "interface")
            #expect(occurrences(of: "memif", in: memifs) == 1, "\(memifs)")
            #expect(try scratch.cnitool("check", "usernet", kept.path).succeeded)
            #expect(try scratch.cnitool("del", "usernet", kept.path).succeeded)
        }
    }
}

/// `show_version` as a VPP release with another definition would have it.
struct ShowVersionOfAnotherRelease: VPPRequest {
    static let name = "show_version"
    static let crc = "00000000"
    typealias Reply = ShowVersionReply
    func encodeFields(_ encoder: inout VPPEncoder) {}
}

/// How often `word` appears in `text`.
func occurrences(of word: String, in text: String) -> Int {
    let needle = Array(word.utf8), haystack = Array(text.utf8)
    guard needle.count <= haystack.count else { return 0 }
    return (0...haystack.count - needle.count).filter { haystack[$0..<$0 + needle.count].elementsEqual(needle) }.count
}
