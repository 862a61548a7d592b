import CNISpec
import LinuxSystem
import TestSupport
import Testing
import UserspaceAgent
import UserspacePlugin

@Suite struct UserspaceAgentTests {
    static func configuration(iftype: String = "vhostuser", mode: String = "server", role: String = "client",
                              queues: ContainerConfiguration.Queues? = nil) -> ContainerConfiguration {
        ContainerConfiguration(
            containerId: "0123456789abcdef", ifName: "net1", name: "n",
            config: .init(engine: "ovs-dpdk", iftype: iftype, netType: "interface",
                          memif: iftype == "memif" ? .init(role: role, mode: "ethernet", socketfile: "memif-0123456789ab-net1.sock") : nil,
                          vhost: iftype == "vhostuser" ? .init(mode: mode, socketfile: "0123456789ab-net1") : nil),
            ipResult: ["cniVersion": "1.0.0", "ips": [["address": "10.56.217.131/24"]]],
            socketDirectory: "/s/0123456789ab", socketPath: "/s/0123456789ab/sock", mac: "02:00:00:00:00:01",
            queues: queues, hostPort: .init(engine: "ovs-dpdk", type: "dpdkvhostuserclient", name: "p", bridge: "br0"))
    }

    @Test func aVhostUserServerGetsVirtioUserWithServer1AndIsolatedEAL() throws {
        let command = try DPDKCommand(configuration: Self.configuration(), options: .init(
            memory: .noHuge, applicationArguments: ["--forward-mode=rxonly"], cpu: 1))
        #expect(command.executable == "dpdk-testpmd")
        #expect(command.arguments == [
            "--lcores=0@1,1@1", "--no-pci", "--file-prefix=usrsp-0123456789ab-net1", "--no-huge", "-m", "256",
            "--vdev=virtio_user0,path=/s/0123456789ab/sock,server=1,queue_size=1024,mac=02:00:00:00:00:01", "--",
            "--nb-cores=1", "--total-num-mbufs=8192", "--rxd=1024", "--txd=1024", "--forward-mode=rxonly",
        ])
        #expect(command.filePrefix == "usrsp-0123456789ab-net1")
    }

    @Test func aVhostUserClientConnectsToTheSwitchsSocket() throws {
        let command = try DPDKCommand(configuration: Self.configuration(mode: "client"), options: .init(memory: .noHuge))
        #expect(command.arguments.contains("--vdev=virtio_user0,path=/s/0123456789ab/sock,queue_size=1024,mac=02:00:00:00:00:01"))
    }

    @Test func memifIsAFileSocketWithTheSwitchsQueueCounts() throws {
        let command = try DPDKCommand(configuration: Self.configuration(iftype: "memif", queues: .init(rx: 2, tx: 1)),
                                      options: .init(memory: .noHuge))
        #expect(command.arguments.contains("--vdev=net_memif0,role=client,socket=/s/0123456789ab/sock,socket-abstract=no,id=0,mac=02:00:00:00:00:01"))
        #expect(command.arguments.suffix(2) == ["--rxq=2", "--txq=1"])
    }

    @Test func hugepagesWhenEnoughAreFreeAndOwnCoresAndSocketDirectoryWhenGiven() throws {
        let command = try DPDKCommand(configuration: Self.configuration(), options: .init(
            application: "/opt/app", memory: .auto, memoryMegabytes: 128, extraEAL: ["-l", "2,3"],
            socketDirectory: "/mnt/sockets", freeHugepages: 64))
        #expect(command.arguments.starts(with: ["--no-pci", "--file-prefix=usrsp-0123456789ab-net1",
                                                 "--in-memory", "--single-file-segments", "-m", "128", "-l", "2,3"]))
        #expect(command.arguments.contains { $0.hasPrefix("--vdev=virtio_user0,path=/mnt/sockets/sock,") })
        #expect(command.arguments.last == "--", "not testpmd: no testpmd arguments")
        let few = try DPDKCommand(configuration: Self.configuration(), options: .init(memory: .auto, freeHugepages: 10))
        #expect(few.arguments.contains("--no-huge"))
    }

    @Test(arguments: [
        (configuration(mode: "both"), "config.vhost.mode"),
        (configuration(iftype: "tap"), "config.iftype"),
        (configuration(iftype: "memif", role: "boss"), "config.memif.role"),
    ])
    func malformedConfigurationsNameTheKey(_ configuration: ContainerConfiguration, _ key: String) {
        do {
            _ = try DPDKCommand(configuration: configuration, options: .init())
            Issue.record("accepted")
        } catch {
            #expect(error.message.contains(key), "\(error)")
        }
    }

    @Test func aMissingConfigurationIsAnErrorAfterTheTimeout() throws {
        let directory = try Fixtures.temporaryDirectory("usrsp")
        defer { try? FileSystem.removeTree(directory) }
        let start = ProcessRunner.monotonicSeconds()
        do {
            _ = try ConfigurationSource.load(explicit: nil, dataDirectory: directory, interfaceName: nil, timeout: 0.2)
            Issue.record("found a configuration in an empty directory")
        } catch {
            #expect(error.message.contains("no configuration at \(directory)/configData-*.json after 0.2 s"), "\(error)")
        }
        #expect(ProcessRunner.monotonicSeconds() - start >= 0.2)
    }

    @Test func aConfigurationThatAppearsLaterIsRead() throws {
        let directory = try Fixtures.temporaryDirectory("usrsp")
        defer { try? FileSystem.removeTree(directory) }
        let file = "\(directory)/configData-net1.json"
        try FileSystem.writeFileAtomically(file, Self.configuration().encoded())
        let loaded = try ConfigurationSource.load(explicit: nil, dataDirectory: directory, interfaceName: "net1", timeout: 1)
        #expect(loaded.path == file && loaded.configuration == Self.configuration())
    }

    @Test(arguments: [
        (#"{"containerId": "x""#, "invalid JSON"),
        (#"{"containerId": "x", "ifName": "net1"}"#, "name"),
        (#"{"containerId": 7}"#, "containerId"),
    ])
    func malformedFilesNameTheFileAndKey(_ text: String, _ expected: String) throws {
        let directory = try Fixtures.temporaryDirectory("usrsp")
        defer { try? FileSystem.removeTree(directory) }
        let file = "\(directory)/configData-net1.json"
        try FileSystem.writeFileAtomically(file, Array(text.utf8))
        do {
            _ = try ConfigurationSource.load(explicit: file, dataDirectory: directory, interfaceName: nil, timeout: 0)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message.contains(file) && error.description.contains(expected), "\(error)")
        }
    }

    @Test func twoConfigurationsNeedAChoice() throws {
        let directory = try Fixtures.temporaryDirectory("usrsp")
        defer { try? FileSystem.removeTree(directory) }
        for name in ["net1", "net2"] {
            try FileSystem.writeFileAtomically("\(directory)/configData-\(name).json", Self.configuration().encoded())
        }
        #expect(throws: CNIError.self) {
            _ = try ConfigurationSource.load(explicit: nil, dataDirectory: directory, interfaceName: nil, timeout: 0)
        }
    }
}
