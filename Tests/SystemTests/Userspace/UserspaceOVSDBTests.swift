import CNISpec
import LinuxSystem
import OVSDB
import TestSupport
import Testing

/// The userspace tests share the machine's second vCPU (every OVS's PMD thread runs there):
/// one at a time.
@Suite(.serialized) enum UserspaceSystemTests {}

extension UserspaceSystemTests {
    /// The OVSDB client against a real ovsdb-server and ovs-vswitchd-dpdk.
    @Suite struct OVSDBTests {
        @Test func addPortCreatesTheNetdevBridgeWaitsForVswitchdAndReadsBackTheOFPort() throws {
            let ovs = try OVSSandbox()
            let client = OVSDBClient(socketPath: ovs.socket)
            try client.echo()
            #expect(try client.listDatabases().contains("Open_vSwitch"))
            let vswitch = VSwitch(client: client)
            let state = try vswitch.addPort(.init(
                bridge: "brt", name: "vhu-t1", type: "dpdkvhostuserclient",
                options: ["vhost-server-path": "\(ovs.directory)/t1.sock"], externalIDs: ["cni-network": "t"]))
            #expect(state.ofport.map { $0 > 0 } == true && state.error == nil, "\(state)")
            #expect(try ovs.vsctl("get", "Bridge", "brt", "datapath_type") == "netdev")
            // The bridge's tap device is in the sandbox's namespace, not ours.
            #expect(!(try Command.run(["ip", "link", "show", "brt"])).succeeded)
            #expect(try ovs.ports(on: "brt") == ["vhu-t1"])
            // A second port joins the existing bridge.
            _ = try vswitch.addPort(.init(bridge: "brt", name: "vhu-t2", type: "dpdkvhostuserclient",
                                          options: ["vhost-server-path": "\(ovs.directory)/t2.sock"], externalIDs: ["cni-network": "t"]))
            #expect(try ovs.ports(on: "brt") == ["vhu-t1", "vhu-t2"])
            #expect(try vswitch.interfaces(withExternalID: "cni-network", equalTo: "t").map(\.name).sorted() == ["vhu-t1", "vhu-t2"])
            #expect(try vswitch.removePort(named: "vhu-t1"))
            #expect(try !vswitch.removePort(named: "vhu-t1"))
            #expect(try ovs.ports(on: "brt") == ["vhu-t2"])
            #expect(try vswitch.interface(named: "vhu-t1") == nil)
        }

        @Test func anInterfaceVswitchdRejectsIsRemovedAndItsErrorReported() throws {
            let ovs = try OVSSandbox()
            let vswitch = VSwitch(client: OVSDBClient(socketPath: ovs.socket))
            do {
                _ = try vswitch.addPort(.init(bridge: "brt", name: "mif-bad", type: "dpdk",
                                              options: ["dpdk-devargs": "net_nonexistent0,foo=bar"]))
                Issue.record("a bad device was accepted")
            } catch let error as OVSDBError {
                #expect(error.code == .vswitchdError && error.message.contains("mif-bad"), "\(error)")
            }
            #expect(try vswitch.interface(named: "mif-bad") == nil)
            #expect(try ovs.ports(on: "brt").isEmpty)
        }

        @Test func aDuplicatePortIsAConstraintViolationAndChangesNothing() throws {
            let ovs = try OVSSandbox()
            try ovs.vsctl("add-br", "brt", "--", "set", "bridge", "brt", "datapath_type=netdev")
            try ovs.vsctl("add-port", "brt", "dup", "--", "set", "Interface", "dup", "type=internal")
            let vswitch = VSwitch(client: OVSDBClient(socketPath: ovs.socket))
            do {
                _ = try vswitch.addPort(.init(bridge: "brt", name: "dup", type: "internal"))
                Issue.record("a duplicate port was accepted")
            } catch let error as OVSDBError {
                #expect(error.code == .transactionFailed && error.message.contains("constraint violation"), "\(error)")
            }
            #expect(try ovs.ports(on: "brt") == ["dup"])
        }

        @Test func theClientReconnectsAfterTheServerRestarts() throws {
            let ovs = try OVSSandbox()
            let client = OVSDBClient(socketPath: ovs.socket)
            try client.echo()
            // Restart ovsdb-server on the same database and socket.
            let pid = try #require(Int32(String(decoding: try FileSystem.readFile("\(ovs.directory)/ovsdb-server.pid"), as: UTF8.self).trimmingSuffix()))
            try Command.check(["ovs-appctl", "-t", "\(ovs.directory)/ovsdb-server.ctl", "exit"])
            #expect(eventually { !ProcessTable.isRunning(pid) })
            try Command.check(["ovsdb-server", "\(ovs.directory)/conf.db", "--remote=punix:\(ovs.socket)",
                               "--pidfile=\(ovs.directory)/ovsdb-server.pid", "--unixctl=\(ovs.directory)/ovsdb-server.ctl",
                               "--log-file=\(ovs.directory)/ovsdb-server.log", "--detach"])
            #expect(eventually { FileSystem.exists(ovs.socket) })
            try client.echo()
            #expect(try !VSwitch(client: client).bridgeExists("nothing"))
        }
    }
}
