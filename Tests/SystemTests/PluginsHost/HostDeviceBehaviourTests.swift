import CNISpec
import TestSupport
import Testing

/// What host-device must do beyond matching the reference: put the device back when ADD fails
/// after moving it, succeed at DEL when things are gone, refuse bad configurations naming the
/// field, and notice in CHECK what has been removed.
@Suite struct HostDeviceBehaviourTests {
    static let prepare = HostDeviceParityTests.prepare

    static func config(_ selector: String = #""device":"aph0""#, ipam: String? = nil) -> String {
        #"{"cniVersion":"1.0.0","name":"phhd","type":"host-device",\#(selector)\#(ipam.map { #","ipam":\#($0)"# } ?? "")}"#
    }

    @Test func failedIPAMPutsTheDeviceBackUnderItsName() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["host-device", "host-local"])
        try attachment.prepareHost(Self.prepare)
        // A range whose start lies outside its subnet: host-local fails once the device is in.
        let ipam = #"{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.134.0/30","rangeStart":"10.250.134.9"}]]}"#
        let added = try attachment.run("host-device", "ADD", config: attachment.configuration(Self.config(ipam: ipam), version: "1.0.0"))
        #expect(!added.succeeded, "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.container).isEmpty)
        #expect(try IsolatedAttachment.linkNames(attachment.host).sorted() == ["aph0", "aph1"])
        #expect(attachment.leases(network: "phhd").isEmpty)
    }

    @Test func aMissingDeviceChangesNothing() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["host-device"])
        try attachment.prepareHost(Self.prepare)
        let added = try attachment.run("host-device", "ADD", config: Self.config(#""device":"phnone""#))
        #expect(added.code == 999 && added.message.contains("phnone"), "\(added.output)")
        let wrongMAC = try attachment.run("host-device", "ADD", config: Self.config(#""hwaddr":"02:00:00:00:12:99""#))
        #expect(wrongMAC.code == 999 && wrongMAC.message.contains("02:00:00:00:12:99"), "\(wrongMAC.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.host).sorted() == ["aph0", "aph1"])
    }

    @Test func aNameTakenInTheContainerFailsBeforeAnythingMoves() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["host-device"])
        try attachment.prepareHost(Self.prepare)
        try Command.check(["ip", "-n", attachment.container.name, "link", "add", "eth0", "type", "veth", "peer", "name", "phpeer"])
        let added = try attachment.run("host-device", "ADD", config: Self.config())
        #expect(!added.succeeded, "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.host).sorted() == ["aph0", "aph1"])
    }

    @Test func deleteSucceedsWhenTheInterfaceOrTheNamespaceIsGone() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["host-device", "host-local"])
        try attachment.prepareHost(Self.prepare)
        let ipam = #"{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.135.0/24"}]]}"#
        let config = attachment.configuration(Self.config(ipam: ipam), version: "1.0.0")
        #expect(try attachment.run("host-device", "ADD", config: config).succeeded)
        #expect(try attachment.run("host-device", "DEL", config: config).succeeded)
        #expect(try IsolatedAttachment.linkNames(attachment.host).sorted() == ["aph0", "aph1"])
        // Again, with nothing left to do.
        #expect(try attachment.run("host-device", "DEL", config: config).succeeded)
        let gone = "/var/run/netns/ph-gone-\(UInt32.random(in: 0 ... .max))"
        #expect(try attachment.run("host-device", "DEL", config: config, netns: gone).succeeded)
        #expect(try attachment.run("host-device", "DEL", config: config, netns: "").succeeded)
        #expect(attachment.leases(network: "phhd").isEmpty)
    }

    @Test(arguments: [
        ("", #""device", "hwaddr", "kernelpath" or "pciBusID""#),
        (#""hwaddr":"zz:00""#, "hwaddr"),
        (#""kernelpath":"/proc/self""#, "kernelpath"),
    ])
    func badConfigurationsAreRefusedNamingTheField(_ selector: String, _ field: String) throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["host-device"])
        try attachment.prepareHost(Self.prepare)
        let config = selector.isEmpty ? #"{"cniVersion":"1.0.0","name":"phhd","type":"host-device"}"# : Self.config(selector)
        let added = try attachment.run("host-device", "ADD", config: config)
        #expect(added.code == 7 && added.message.contains(field), "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.host).sorted() == ["aph0", "aph1"])
    }

    @Test func checkNoticesARemovedAddress() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["host-device", "host-local"])
        try attachment.prepareHost(Self.prepare)
        let ipam = #"{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.136.0/24"}]]}"#
        let config = attachment.configuration(Self.config(ipam: ipam), version: "1.0.0")
        let added = try attachment.run("host-device", "ADD", config: config)
        let checkConfig = try IsolatedAttachment.withPreviousResult(config, added.output)
        let healthy = try attachment.run("host-device", "CHECK", config: checkConfig)
        #expect(healthy.succeeded, "\(healthy.output)")
        try Command.check(["ip", "-n", attachment.container.name, "addr", "del", "10.250.136.2/24", "dev", "eth0"])
        let broken = try attachment.run("host-device", "CHECK", config: checkConfig)
        #expect(!broken.succeeded && broken.message.contains("10.250.136.2"), "\(broken.output)")
    }
}
