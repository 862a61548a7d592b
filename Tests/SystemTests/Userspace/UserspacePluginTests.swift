#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import TestSupport
import Testing

extension UserspaceSystemTests {
    /// The plugin through our cnitool and Go's libcni, against a real OVS-DPDK.
    @Suite struct PluginTests {
        static let vhostClient = #"{"engine":"ovs-dpdk","iftype":"vhostuser","netType":"bridge","vhost":{"mode":"client"},"bridge":{"bridgeName":"br-usp"}}"#

        @Test(arguments: ["cnitool", "golibcni"])
        func vhostUserClientPortAddCheckDelete(_ driver: String) throws {
            if driver == "golibcni" { try requireGoHarness() }
            let scratch = try UserspaceScratch(host: Self.vhostClient)
            let ns = try TestNamespace()
            let run = { (command: String) throws -> Command.Output in
                driver == "cnitool" ? try scratch.cnitool(command, "usernet", ns.path) : try scratch.golibcni(command, "usernet", ns.path)
            }
            let added = try run("add")
            #expect(added.succeeded, "\(added.stderr)")
            let result = try added.resultJSON()
            let containerID = try #require(scratch.containerIDs().first)
            let shortID = String(containerID.prefix(12))
            let port = "\(shortID)-eth0"
            let socket = "\(scratch.sharedDir)/\(shortID)/\(port)"
            #expect(try scratch.ovs.ports(on: "br-usp") == [port])
            #expect(try scratch.ovs.vsctl("get", "Interface", port, "type") == "dpdkvhostuserclient")
            #expect(try scratch.ovs.vsctl("get", "Interface", port, "options:vhost-server-path") == "\"\(socket)\"")
            #expect(try scratch.ovs.vsctl("get", "Interface", port, "external_ids:cni-container-id").filter { $0 != "\"" } == containerID)

            // The container's configuration.
            let handover = try scratch.handover(containerID: containerID)
            #expect(handover["containerId"] == .string(containerID) && handover["ifName"] == "eth0" && handover["name"] == "usernet")
            #expect(handover["config"] == ["engine": "ovs-dpdk", "iftype": "vhostuser", "netType": "interface",
                                           "vhost": ["mode": "server", "socketfile": .string(port)]])
            #expect(handover["socketPath"] == .string(socket))
            #expect(handover["hostPort"] == ["engine": "ovs-dpdk", "type": "dpdkvhostuserclient", "name": .string(port), "bridge": "br-usp"])
            let mac = try #require(result["interfaces"]?.arrayValue?.first?["mac"])
            #expect(handover["mac"] == mac)
            #expect(handover["ipResult"]?["ips"] == result["ips"])
            #expect(result["ips"]?.arrayValue?.first?["address"] == "10.56.217.131/24")
            // Root only without vhost.group.
            #expect(try Self.mode(of: "\(scratch.sharedDir)/\(shortID)") == 0o700)
            #expect(try Self.mode(of: "\(scratch.dataDir)/\(containerID)/configData-eth0.json") == 0o600)

            let checked = try run("check")
            #expect(checked.succeeded, "\(checked.stderr)")
            let deleted = try run("del")
            #expect(deleted.succeeded, "\(deleted.stderr)")
            #expect(try scratch.ovs.ports(on: "br-usp").isEmpty)
            #expect(scratch.containerIDs().isEmpty && !FileSystem.exists("\(scratch.sharedDir)/\(shortID)"))
            #expect(scratch.leases().isEmpty)
            let again = try run("del")
            #expect(again.succeeded, "\(again.stderr)")
        }

        @Test func vhostUserServerPortsSocketIsLinkedIntoTheContainersDirectoryForTheGroup() throws {
            let ovs = try OVSSandbox()
            let scratch = try UserspaceScratch(
                host: #"{"engine":"ovs-dpdk","iftype":"vhostuser","vhost":{"mode":"server","group":"nogroup"},"bridge":{"bridgeName":"br-usp"}}"#,
                extra: #","ovsRunDir":"\#(ovs.directory)""#, ovs: ovs)
            let ns = try TestNamespace()
            let added = try scratch.cnitool("add", "usernet", ns.path)
            #expect(added.succeeded, "\(added.stderr)")
            let containerID = try #require(scratch.containerIDs().first)
            let shortID = String(containerID.prefix(12))
            let socket = "\(scratch.sharedDir)/\(shortID)/\(shortID)-eth0"
            #expect(try ovs.vsctl("get", "Interface", "\(shortID)-eth0", "type") == "dpdkvhostuser")
            let nogroup = try #require(getgrnam("nogroup")).pointee.gr_gid
            var info = stat()
            #expect(stat(socket, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK && info.st_gid == nogroup && info.st_mode & 0o777 == 0o660)
            #expect(try Self.mode(of: "\(scratch.sharedDir)/\(shortID)") == 0o750, "the group reads, OVS created the socket")
            #expect(try Self.mode(of: "\(scratch.dataDir)/\(containerID)/configData-eth0.json") == 0o640)
            #expect(try scratch.handover(containerID: containerID)["config"]?["vhost"]?["mode"] == "client")
            #expect(try scratch.cnitool("del", "usernet", ns.path).succeeded)
            let ports = try ovs.ports(on: "br-usp")
            #expect(!FileSystem.exists(socket) && ports.isEmpty)
        }

        @Test func memifPortIsADPDKDeviceWhoseQueueCountsAreHandedOver() throws {
            let scratch = try UserspaceScratch(
                host: #"{"engine":"ovs-dpdk","iftype":"memif","netType":"bridge","memif":{"role":"master","mode":"ethernet"},"bridge":{"bridgeName":"br-usp"}}"#,
                container: #"{"engine":"ovs-dpdk","iftype":"memif","netType":"interface","memif":{"role":"slave"}}"#)
            let ns = try TestNamespace()
            let added = try scratch.cnitool("add", "usernet", ns.path)
            #expect(added.succeeded, "\(added.stderr)")
            let containerID = try #require(scratch.containerIDs().first)
            let shortID = String(containerID.prefix(12))
            let port = "mif-\(shortID)-eth0"
            let socket = "\(scratch.sharedDir)/\(shortID)/memif-\(shortID)-eth0.sock"
            #expect(try scratch.ovs.vsctl("get", "Interface", port, "type") == "dpdk")
            let devargs = try scratch.ovs.vsctl("get", "Interface", port, "options:dpdk-devargs")
            #expect(devargs.contains("role=server,socket=\(socket),socket-abstract=no,id=0"), "\(devargs)")
            var info = stat()
            #expect(stat(socket, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK, "OVS's memif server socket")
            let handover = try scratch.handover(containerID: containerID)
            #expect(handover["config"]?["memif"] == ["role": "client", "mode": "ethernet", "socketfile": .string("memif-\(shortID)-eth0.sock")])
            #expect(handover["queues"] == ["rx": 2, "tx": 2])
            #expect(try scratch.ovs.vsctl("get", "Interface", port, "options:n_rxq") == "\"2\"")
            #expect(try scratch.cnitool("check", "usernet", ns.path).succeeded)
            #expect(try scratch.cnitool("del", "usernet", ns.path).succeeded)
            #expect(try scratch.ovs.ports(on: "br-usp").isEmpty && !FileSystem.exists(socket))
        }

        @Test func aFailedAddLeavesNoPortNoFilesAndNoLease() throws {
            // One address only: the second ADD fails in IPAM, after its port was committed.
            let scratch = try UserspaceScratch(host: Self.vhostClient, ipam: nil)
            let onlyOne = try UserspaceScratch(
                host: Self.vhostClient,
                ipam: #"{"type":"host-local","dataDir":"/tmp/usp-one-\#(UInt32.random(in: 0 ... .max))","subnet":"10.56.218.0/24","rangeStart":"10.56.218.10","rangeEnd":"10.56.218.10"}"#,
                ovs: scratch.ovs)
            let a = try TestNamespace(), b = try TestNamespace()
            #expect(try onlyOne.cnitool("add", "usernet", a.path).succeeded)
            let failed = try onlyOne.cnitool("add", "usernet", b.path)
            #expect(!failed.succeeded && failed.stderr.contains("10.56.218"), "\(failed.stderr)")
            #expect(try scratch.ovs.ports(on: "br-usp").count == 1)
            #expect(onlyOne.containerIDs().count == 1)
            #expect(try onlyOne.cnitool("del", "usernet", a.path).succeeded)

            // ovs-vswitchd side: a dpdkvhostuser socket that cannot be published.
            let badRun = try UserspaceScratch(
                host: #"{"engine":"ovs-dpdk","iftype":"vhostuser","vhost":{"mode":"server"},"bridge":{"bridgeName":"br-usp"}}"#,
                extra: #","ovsRunDir":"/nonexistent""#, ovs: scratch.ovs)
            let refused = try badRun.cnitool("add", "usernet", a.path)
            #expect(!refused.succeeded && refused.stderr.contains("host.vhost.mode"), "\(refused.stderr)")
            #expect(try scratch.ovs.ports(on: "br-usp").isEmpty)
            #expect(badRun.containerIDs().isEmpty && badRun.leases().isEmpty)
            #expect(((try? FileSystem.listDirectory(badRun.sharedDir)) ?? []).isEmpty)
        }

        @Test func checkFailsWhenThePortIsRemovedBehindOurBack() throws {
            let scratch = try UserspaceScratch(host: Self.vhostClient)
            let ns = try TestNamespace()
            #expect(try scratch.cnitool("add", "usernet", ns.path).succeeded)
            let port = try #require(try scratch.ovs.ports(on: "br-usp").first)
            try scratch.ovs.vsctl("del-port", "br-usp", port)
            let checked = try scratch.cnitool("check", "usernet", ns.path)
            #expect(!checked.succeeded && checked.stderr.contains("is missing"), "\(checked.stderr)")
            #expect(try scratch.cnitool("del", "usernet", ns.path).succeeded)
            #expect(scratch.containerIDs().isEmpty)
        }

        @Test func garbageCollectionRemovesPortsFilesAndLeasesOfAttachmentsThatAreGone() throws {
            let scratch = try UserspaceScratch(host: Self.vhostClient, version: "1.1.0")
            let live = try TestNamespace()
            var gone: TestNamespace? = try TestNamespace()
            #expect(try scratch.cnitool("add", "usernet", live.path).succeeded)
            #expect(try scratch.cnitool("add", "usernet", try #require(gone?.path)).succeeded)
            #expect(try scratch.ovs.ports(on: "br-usp").count == 2 && scratch.leases().count == 2)
            gone = nil
            #expect(try scratch.cnitool("status", "usernet").succeeded)
            let collected = try scratch.cnitool("gc", "usernet")
            #expect(collected.succeeded, "\(collected.stderr)")
            #expect(try scratch.ovs.ports(on: "br-usp").count == 1)
            #expect(scratch.containerIDs().count == 1 && scratch.leases().count == 1)
            #expect(try scratch.cnitool("check", "usernet", live.path).succeeded)
            #expect(try scratch.cnitool("del", "usernet", live.path).succeeded)
        }

        @Test func anUnreachableOVSIsATryAgainErrorNamingTheSocket() throws {
            let scratch = try UserspaceScratch(host: Self.vhostClient, extra: #","ovsdbSocket":"/nonexistent/db.sock""#,
                                               version: "1.1.0")
            let status = try scratch.cnitool("status", "usernet")
            #expect(!status.succeeded && status.stderr.contains("/nonexistent/db.sock"), "\(status.stderr)")
            let ns = try TestNamespace()
            let added = try scratch.cnitool("add", "usernet", ns.path)
            #expect(!added.succeeded && added.stderr.contains("/nonexistent/db.sock"), "\(added.stderr)")
            #expect(scratch.containerIDs().isEmpty && scratch.leases().isEmpty)
            #expect(try scratch.cnitool("del", "usernet", ns.path).succeeded, "no OVS: nothing to remove")
        }

        static func mode(of path: String) throws -> mode_t {
            var info = stat()
            guard stat(path, &info) == 0 else { throw SystemError(errno: errno, operation: "stat", object: path) }
            return info.st_mode & 0o777
        }
    }
}
