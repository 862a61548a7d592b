import CNISpec
import Testing
@testable import UserspaceAgent

/// The container-local VPP's setup, without running VPP (the VPP tier runs it).
@Suite struct ContainerVPPTests {
    @Test func vppRunsWithoutHugepagesAndKeepsEveryFileInItsDirectory() {
        let setup = ContainerVPP(configuration: UserspaceAgentTests.configuration(iftype: "memif"),
                                 options: .init(directory: "/run/x/vpp", cpu: 1, socketDirectory: nil), environment: [])
        let startup = setup.startupConfiguration
        #expect(startup.contains("socksvr { socket-name /run/x/vpp/api.sock }"))
        #expect(startup.contains("main-heap-page-size 4k") && startup.contains("buffers-per-numa 16384 page-size 4k"))
        #expect(startup.contains("cpu { main-core 1 }") && startup.contains("runtime-dir /run/x/vpp"))
        #expect(startup.contains("api-segment { prefix usrsp-vpp-0123456789ab-net1 }"))
        #expect(startup.contains("plugin default { disable }") && startup.contains("plugin memif_plugin.so { enable }"))
    }

    @Test func theInterfaceGetsTheAddressesOfTheHandedOverResult() {
        #expect(ContainerVPP.addresses(["ips": [["address": "10.250.160.10/24"], ["address": "fd00::a/64"], ["gateway": "x"]]])
            .map(\.description) == ["10.250.160.10/24", "fd00::a/64"])
        #expect(ContainerVPP.addresses(["cniVersion": "1.0.0"]).isEmpty)
    }
}
