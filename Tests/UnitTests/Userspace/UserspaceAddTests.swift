import CNISkel
import CNISpec
import LinuxSystem
import NetAddress
import TestSupport
import Testing
@testable import UserspacePlugin

/// ADD's order of steps and its undo, with an engine and IPAM that only record (no OVS).
@Suite struct UserspaceAddTests {
    final class RecordingEngine: UserspaceEngine, @unchecked Sendable {
        var added: [String] = []
        var removed: [String] = []
        func addPort(_ request: PortRequest, whileApplying: (CreatedPort) throws -> Void) throws -> CreatedPort {
            let port = CreatedPort(type: "dpdkvhostuserclient", name: request.paths.portName, bridge: "br0", queues: nil)
            added.append(port.name)
            do {
                try whileApplying(port)
            } catch {
                removed.append(port.name)  // as VSwitch.addPort does
                throw error
            }
            return port
        }
        func removePort(_ paths: AttachmentPaths) throws(CNIError) { removed.append(paths.portName) }
        func checkPort(_ paths: AttachmentPaths) throws(CNIError) {}
        func attachments(ofNetwork network: String) throws(CNIError) -> [GCAttachment] { [] }
        func checkAvailable() throws(CNIError) {}
    }

    final class World {
        let root: String
        let ipamCalls: () -> [String]
        let request: PluginRequest
        let config: UserspaceConfig
        init(ipamFails: Bool = false, dataDir: String? = nil) throws {
            root = try Fixtures.temporaryDirectory("usp-add")
            let ipam = ScriptedPlugin(onAdd: { _ in
                if ipamFails { throw CNIError(.internal, "no IP addresses available in range set") }
                return .v1(Result100(ips: [IPConfig(address: .init("10.56.217.131/24")!, gateway: .init("10.56.217.1"))]))
            })
            let executor = InProcessExecutor(["fake-ipam": ipam])
            ipamCalls = { executor.calls.map(\.command) }
            let json = #"{"cniVersion":"1.1.0","name":"n","type":"userspace","host":{"engine":"ovs-dpdk","iftype":"vhostuser"},"sharedDir":"\#(root)/shared","dataDir":"\#(dataDir ?? "\(root)/data")","ipam":{"type":"fake-ipam"}}"#
            let networkConfig = try NetworkConfig(bytes: Array(json.utf8))
            config = try UserspaceConfig(networkConfig)
            request = PluginRequest(command: .add, containerID: "0123456789abcdef", netns: "/var/run/netns/x",
                                    interfaceName: "net1", args: CNIArgs(), path: ["/in-process"], config: networkConfig,
                                    version: .v1_1_0, environment: ["CNI_COMMAND=ADD", "CNI_CONTAINERID=0123456789abcdef", "CNI_NETNS=/var/run/netns/x",
                                                                       "CNI_IFNAME=net1", "CNI_PATH=/in-process"], executor: executor)
        }
        deinit { try? FileSystem.removeTree(root) }
    }

    @Test func addWritesTheConfigurationAndReturnsTheInterfaceWithItsSocket() throws {
        let world = try World()
        let engine = RecordingEngine()
        let result = try UserspaceAdd(config: world.config, request: world.request, engine: engine).run().asCurrent()
        #expect(engine.added == ["0123456789ab-net1"] && engine.removed.isEmpty)
        let socket = "\(world.root)/shared/0123456789ab/0123456789ab-net1"
        #expect(result.interfaces.first?.socketPath == socket && result.interfaces.first?.sandbox == "/var/run/netns/x")
        #expect(result.ips.first?.interface == 0)
        let file = "\(world.root)/data/0123456789abcdef/configData-net1.json"
        let handover = try ContainerConfiguration.load(bytes: try FileSystem.readFile(file), path: file)
        #expect(handover.mac == result.interfaces.first?.mac && handover.socketPath == socket)
        #expect(handover.config.vhost == .init(mode: "server", socketfile: "0123456789ab-net1"))
        #expect(handover.ipResult["ips"]?.arrayValue?.first?["address"] == "10.56.217.131/24")
        #expect(world.ipamCalls() == ["ADD"])
    }

    @Test func anIPAMFailureRemovesThePortAndEveryFile() throws {
        let world = try World(ipamFails: true)
        let engine = RecordingEngine()
        #expect(throws: CNIError.self) { try UserspaceAdd(config: world.config, request: world.request, engine: engine).run() }
        #expect(engine.removed == ["0123456789ab-net1"])
        #expect(((try? FileSystem.listDirectory("\(world.root)/shared")) ?? []).isEmpty)
        #expect(((try? FileSystem.listDirectory("\(world.root)/data")) ?? []).isEmpty)
    }

    @Test func aFailureAfterIPAMReleasesTheLease() throws {
        let blocker = try Fixtures.temporaryDirectory("usp-add-blocker")
        defer { try? FileSystem.removeTree(blocker) }
        try FileSystem.writeFileAtomically("\(blocker)/file", [])
        // The data directory lies under a regular file: creating it fails after IPAM.
        let world = try World(dataDir: "\(blocker)/file/data")
        let engine = RecordingEngine()
        #expect(throws: CNIError.self) { try UserspaceAdd(config: world.config, request: world.request, engine: engine).run() }
        #expect(world.ipamCalls() == ["ADD", "DEL"])
        #expect(engine.removed == ["0123456789ab-net1"])
        #expect(((try? FileSystem.listDirectory("\(world.root)/shared")) ?? []).isEmpty)
    }
}
