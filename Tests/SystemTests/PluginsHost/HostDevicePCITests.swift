import CNISkel
import CNISpec
import HostDevicePlugin
import LinuxSystem
import TestSupport
import Testing

/// host-device by `pciBusID`, run in this process against a PCI tree of the test's own (this
/// machine's only PCI network device is its uplink, which a test must not move): a device whose
/// `net` directory names a veth the test made in the host namespace is moved like any other; a
/// device bound to a userspace (DPDK) driver is only reported, and nothing moves.
@Suite struct HostDevicePCITests {
    /// A veth pair in the host namespace (deleted at the end) and a sysfs tree whose PCI device
    /// lists the first end as its interface and is bound to `driver`.
    final class Fixture {
        let cleanup = HostCleanup()
        let name = "phpci\(String(UInt16.random(in: 0x1000 ... .max), radix: 16))"
        let sysfs: String
        let container: TestNamespace
        let address = "0000:00:1f.6"

        init(driver: String) throws {
            cleanup.deleteLink(name)
            try Command.check(["ip", "link", "add", name, "type", "veth", "peer", "name", "\(name)p"])
            sysfs = try Fixtures.temporaryDirectory("swiftcni-ph-sysfs")
            let device = "\(sysfs)/bus/pci/devices/\(address)"
            try Command.check(["mkdir", "-p", "\(device)/net/\(name)", "\(sysfs)/bus/pci/drivers/\(driver)"])
            try Command.check(["ln", "-s", "../../drivers/\(driver)", "\(device)/driver"])
            container = try TestNamespace(prefix: "ph-pci")
        }

        deinit { try? FileSystem.removeTree(sysfs) }

        func run(_ command: String, _ config: String) -> (code: Int32, output: JSONValue) {
            let environment = [
                "CNI_COMMAND=\(command)", "CNI_CONTAINERID=ph-pci", "CNI_NETNS=\(container.path)", "CNI_IFNAME=eth0",
                "CNI_PATH=/nonexistent",
            ]
            let output = PluginDispatcher(executor: InProcessExecutor([:])).run(
                HostDevicePlugin(sysfsRoot: sysfs), input: PluginInput(environment: environment, stdin: Array(config.utf8)))
            return (output.exitCode, (try? JSONParser.parse(output.stdout)) ?? .null)
        }

        var config: String { #"{"cniVersion":"1.0.0","name":"phpci","type":"host-device","pciBusID":"\#(address)"}"# }

        func hostHasLink() -> Bool { (try? Command.run(["ip", "link", "show", "dev", name]))?.succeeded == true }
    }

    @Test func aKernelDriversDeviceMovesInAndBack() throws {
        let fixture = try Fixture(driver: "e1000e")
        let added = fixture.run("ADD", fixture.config)
        #expect(added.code == 0, "\(added.output)")
        #expect(added.output["interfaces"]?.arrayValue?.first?["name"] == "eth0")
        let link = try #require(IsolatedAttachment.link("eth0", in: fixture.container))
        #expect(link["ifalias"]?.stringValue == fixture.name)
        #expect(!fixture.hostHasLink())
        let deleted = fixture.run("DEL", fixture.config)
        #expect(deleted.code == 0, "\(deleted.output)")
        #expect(fixture.hostHasLink())
        #expect(IsolatedAttachment.link("eth0", in: fixture.container) == nil)
    }

    @Test func aUserspaceDriversDeviceIsOnlyReported() throws {
        let fixture = try Fixture(driver: "vfio-pci")
        let added = fixture.run("ADD", fixture.config)
        #expect(added.code == 0, "\(added.output)")
        #expect(added.output["interfaces"] == nil || added.output["interfaces"] == [])
        #expect(fixture.hostHasLink())
        #expect(try IsolatedAttachment.linkNames(fixture.container).isEmpty)
        #expect(fixture.run("DEL", fixture.config).code == 0)
        #expect(fixture.hostHasLink())
    }

    @Test func anUnknownPCIAddressFailsNamingIt() throws {
        let fixture = try Fixture(driver: "e1000e")
        let config = #"{"cniVersion":"1.0.0","name":"phpci","type":"host-device","pciBusID":"0000:00:1e.0"}"#
        let added = fixture.run("ADD", config)
        #expect(added.output["code"] == 999 && (added.output["msg"]?.stringValue ?? "").contains("0000:00:1e.0"), "\(added.output)")
        #expect(fixture.hostHasLink())
    }
}
