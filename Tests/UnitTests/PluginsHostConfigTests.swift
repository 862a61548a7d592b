#if canImport(Glibc)
import Glibc
#endif
import CNISpec
@testable import HostDevicePlugin
import LinuxSystem
import NetAddress
@testable import PTPPlugin
@testable import TapPlugin
import TestSupport
import Testing

/// Configuration parsing of ptp, host-device and tap: the reference's keys (matched as Go
/// matches them), defaults, precedence, and a clear code-7 error naming the field.
@Suite struct PluginsHostConfigTests {
    static func network(_ type: String, _ extra: String) throws(CNIError) -> NetworkConfig {
        try NetworkConfig(bytes: Array(#"{"cniVersion":"1.0.0","name":"n","type":"\#(type)"\#(extra)}"#.utf8))
    }

    static func expectInvalid(_ field: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("accepted a bad \(field)")
        } catch let error as CNIError {
            #expect(error.code == .invalidNetworkConfig && error.message.contains(field), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func ptpReadsItsKeysCaseInsensitively() throws {
        let config = try PTPConfig(try Self.network("ptp", #","IPMASQ":true,"Mtu":1400,"ipam":{"type":"host-local"},"dns":{"nameservers":["10.250.120.53"]}"#))
        #expect(config.ipMasquerade && config.mtu == 1400 && config.ipamType == "host-local")
        #expect(config.dns?.nameservers == ["10.250.120.53"])
        let defaults = try PTPConfig(try Self.network("ptp", #","dns":{}"#))
        #expect(!defaults.ipMasquerade && defaults.mtu == nil && defaults.ipamType.isEmpty && defaults.dns == nil)
    }

    @Test func ptpRejectsAnImpossibleMTU() {
        Self.expectInvalid("mtu") { _ = try PTPConfig(try Self.network("ptp", #","mtu":10"#)) }
        Self.expectInvalid("mtu") { _ = try PTPConfig(try Self.network("ptp", #","mtu":70000"#)) }
    }

    @Test func hostDeviceTakesTheReferencesOrderOfSelectors() throws {
        let all = #","device":"aph0","hwaddr":"02:00:00:00:12:01","kernelpath":"/sys/devices/virtual","pciBusID":"0000:00:03.0""#
        #expect(try HostDeviceConfig(try Self.network("host-device", all)).selector == .name("aph0"))
        let mac = try HostDeviceConfig(try Self.network("host-device", #","HWADDR":"02:00:00:00:12:01","kernelpath":"/sys/devices/x""#))
        #expect(mac.selector == .hardwareAddress(MACAddress("02:00:00:00:12:01")!))
        let path = try HostDeviceConfig(try Self.network("host-device", #","kernelpath":"/sys/devices/virtual","pciBusID":"0000:00:03.0""#))
        #expect(path.selector == .kernelPath("/sys/devices/virtual") && path.pciAddress == "0000:00:03.0")
        let runtime = try HostDeviceConfig(try Self.network(
            "host-device", #","pciBusID":"0000:00:03.0","runtimeConfig":{"deviceID":"0000:00:04.0"}"#))
        #expect(runtime.selector == .pciAddress("0000:00:04.0") && runtime.pciAddress == "0000:00:04.0")
    }

    @Test func hostDeviceNamesTheBadField() {
        Self.expectInvalid(#""device", "hwaddr", "kernelpath" or "pciBusID""#) {
            _ = try HostDeviceConfig(try Self.network("host-device", ""))
        }
        Self.expectInvalid("hwaddr") { _ = try HostDeviceConfig(try Self.network("host-device", #","hwaddr":"not-a-mac""#)) }
        Self.expectInvalid("kernelpath") { _ = try HostDeviceConfig(try Self.network("host-device", #","kernelpath":"/etc""#)) }
        Self.expectInvalid("kernelpath") {
            _ = try HostDeviceConfig(try Self.network("host-device", #","kernelpath":"/sys/devices/../../etc""#))
        }
        Self.expectInvalid("device") { _ = try HostDeviceConfig(try Self.network("host-device", #","device":"a/b""#)) }
        Self.expectInvalid("pciBusID") { _ = try HostDeviceConfig(try Self.network("host-device", #","pciBusID":"../x""#)) }
    }

    @Test func tapMACPrecedenceIsConfigThenArgsThenRuntimeConfig() throws {
        let network = try Self.network("tap", #","mac":"02:00:00:00:13:01","runtimeConfig":{"mac":"02:00:00:00:13:03"}"#)
        #expect(try TapConfig(network).mac == MACAddress("02:00:00:00:13:03"))
        let plain = try Self.network("tap", #","mac":"02:00:00:00:13:01""#)
        #expect(try TapConfig(plain, args: try CNIArgs(parsing: "MAC=02:00:00:00:13:02")).mac == MACAddress("02:00:00:00:13:02"))
        #expect(try TapConfig(plain).mac == MACAddress("02:00:00:00:13:01"))
    }

    @Test func tapReadsEveryOption() throws {
        let config = try TapConfig(try Self.network(
            "tap", #","multiQueue":true,"mtu":1400,"owner":1000,"group":0,"bridge":"phbr0","selinuxContext":"system_u:x""#))
        #expect(config.multiQueue && config.mtu == 1400 && config.owner == 1000 && config.group == 0)
        #expect(config.bridge == "phbr0" && config.selinuxContext == "system_u:x" && config.ipamType.isEmpty)
    }

    @Test func tapNamesTheBadField() {
        Self.expectInvalid("owner") { _ = try TapConfig(try Self.network("tap", #","owner":-1"#)) }
        Self.expectInvalid("group") { _ = try TapConfig(try Self.network("tap", #","group":4294967296"#)) }
        Self.expectInvalid("mac") { _ = try TapConfig(try Self.network("tap", #","mac":"02:00""#)) }
        Self.expectInvalid("runtimeConfig.mac") { _ = try TapConfig(try Self.network("tap", #","runtimeConfig":{"mac":"zz"}"#)) }
        Self.expectInvalid("mtu") { _ = try TapConfig(try Self.network("tap", #","mtu":20"#)) }
        Self.expectInvalid("bridge") { _ = try TapConfig(try Self.network("tap", #","bridge":"a name too long for a link""#)) }
    }
}

/// The PCI side of host-device's lookup against a sysfs tree of the test's own: a device's
/// interface directly under `net` or under `virtioN/net`, and the driver that decides whether
/// the device is the kernel's (moved) or a userspace driver's (only reported).
@Suite struct HostDevicePCILookupTests {
    /// Builds `root/bus/pci/devices/ADDRESS` with the given interface layout and driver link.
    static func device(_ root: String, _ address: String, net: String?, virtioNet: String? = nil, driver: String?) throws {
        let device = "\(root)/bus/pci/devices/\(address)"
        try Command.check(["mkdir", "-p", device, "\(root)/bus/pci/drivers"])
        if let net { try Command.check(["mkdir", "-p", "\(device)/net/\(net)"]) }
        if let virtioNet { try Command.check(["mkdir", "-p", "\(device)/virtio3/net/\(virtioNet)"]) }
        if let driver {
            try Command.check(["mkdir", "-p", "\(root)/bus/pci/drivers/\(driver)"])
            try Command.check(["ln", "-s", "../../drivers/\(driver)", "\(device)/driver"])
        }
    }

    @Test func findsTheInterfaceOfAPlainAndOfAVirtioDevice() throws {
        let root = try Fixtures.temporaryDirectory("swiftcni-ph-sysfs")
        defer { try? FileSystem.removeTree(root) }
        try Self.device(root, "0000:00:05.0", net: "ens5", driver: "e1000e")
        try Self.device(root, "0000:00:06.0", net: nil, virtioNet: "eth7", driver: "virtio-pci")
        let lookup = HostDeviceLookup(sysfs: root)
        #expect(try lookup.interfaceName(forPCIAddress: "0000:00:05.0") == "ens5")
        #expect(try lookup.interfaceName(forPCIAddress: "0000:00:06.0") == "eth7")
        #expect(throws: CNIError.self) { try lookup.interfaceName(forPCIAddress: "0000:00:07.0") }
    }

    @Test func userspaceDriversAreRecognised() throws {
        let root = try Fixtures.temporaryDirectory("swiftcni-ph-sysfs")
        defer { try? FileSystem.removeTree(root) }
        try Self.device(root, "0000:00:05.0", net: "ens5", driver: "e1000e")
        try Self.device(root, "0000:00:08.0", net: nil, driver: "vfio-pci")
        try Self.device(root, "0000:00:09.0", net: nil, driver: "igb_uio")
        try Self.device(root, "0000:00:0a.0", net: "ens10", driver: nil)
        let lookup = HostDeviceLookup(sysfs: root)
        #expect(try !lookup.isBoundToUserspaceDriver(pciAddress: "0000:00:05.0"))
        #expect(try lookup.isBoundToUserspaceDriver(pciAddress: "0000:00:08.0"))
        #expect(try lookup.isBoundToUserspaceDriver(pciAddress: "0000:00:09.0"))
        // No driver bound, or no such device: an error, as in the reference.
        #expect(throws: CNIError.self) { try lookup.isBoundToUserspaceDriver(pciAddress: "0000:00:0a.0") }
        #expect(throws: CNIError.self) { try lookup.isBoundToUserspaceDriver(pciAddress: "0000:00:0b.0") }
    }
}
