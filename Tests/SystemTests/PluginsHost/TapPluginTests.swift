import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// The tap plugin (Debian's v1.1.1 has none to compare with): the device the kernel reports
/// after ADD for each option, layer 2 and layer 3, rollback, DEL when things are gone, bad
/// configurations, and CHECK.
@Suite struct TapPluginTests {
    static func config(_ extra: String = "", ipam: String? = nil) -> String {
        #"{"cniVersion":"1.0.0","name":"phtap","type":"tap"\#(extra)\#(ipam.map { #","ipam":\#($0)"# } ?? "")}"#
    }

    static let ipam = #"{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.137.0/24"}]],"routes":[{"dst":"10.250.138.0/24"}]}"#

    @Test func everyOptionReachesTheKernel() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["tap", "host-local"])
        try Command.check(["ip", "-n", attachment.container.name, "link", "add", "phbr0", "type", "bridge"])
        let config = attachment.configuration(Self.config(
            #","mtu":1400,"mac":"02:00:00:00:13:01","multiQueue":true,"owner":1000,"group":1001,"bridge":"phbr0""#,
            ipam: Self.ipam), version: "1.0.0")
        let added = try attachment.run("tap", "ADD", config: config)
        #expect(added.succeeded, "\(added.output) \(added.stderr)")
        let interface = added.output["interfaces"]?.arrayValue?.first
        #expect(interface?["name"] == "eth0" && interface?["mac"] == "02:00:00:00:13:01")
        #expect(interface?["sandbox"]?.stringValue == attachment.container.path)
        #expect(added.output["ips"]?.arrayValue?.first?["address"] == "10.250.137.2/24")
        #expect(added.output["ips"]?.arrayValue?.first?["interface"] == 0)

        let link = try #require(IsolatedAttachment.link("eth0", in: attachment.container))
        let tun = link["linkinfo"]?["info_data"]
        #expect(link["linkinfo"]?["info_kind"] == "tun" && tun?["type"] == "tap")
        #expect(tun?["multi_queue"] == true && tun?["vnet_hdr"] == true && tun?["pi"] == false)
        #expect(link["mtu"] == 1400 && link["address"] == "02:00:00:00:13:01" && link["master"] == "phbr0")
        #expect((link["flags"]?.arrayValue ?? []).contains("UP"))
        let addresses = (link["addr_info"]?.arrayValue ?? []).compactMap { $0["local"]?.stringValue }
        #expect(addresses.contains("10.250.137.2"))
        let arpNotify = try attachment.container.exec(["cat", "/proc/sys/net/ipv4/conf/eth0/arp_notify"])
        #expect(arpNotify.stdout.hasPrefix("1"))
        let routes = try attachment.container.ipJSON("route", "show", "10.250.138.0/24")
        #expect(routes.contains("10.250.137.1"))
        let owner = try attachment.container.exec(["cat", "/sys/class/net/eth0/owner", "/sys/class/net/eth0/group"])
        #expect(owner.stdout.split(separator: "\n") == ["1000", "1001"], "\(owner.stdout)")

        #expect(try attachment.run("tap", "DEL", config: config).succeeded)
        #expect(try IsolatedAttachment.linkNames(attachment.container) == ["phbr0"])
        #expect(attachment.leases(network: "phtap").isEmpty)
    }

    @Test func layerTwoOnlyIsUpWithoutAddresses() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["tap"])
        let added = try attachment.run("tap", "ADD", config: Self.config(), args: "IgnoreUnknown=1;MAC=02:00:00:00:13:07")
        #expect(added.succeeded && added.output["ips"] == nil, "\(added.output)")
        let link = try #require(IsolatedAttachment.link("eth0", in: attachment.container))
        #expect(link["address"] == "02:00:00:00:13:07" && (link["flags"]?.arrayValue ?? []).contains("UP"))
        #expect(link["linkinfo"]?["info_data"]?["vnet_hdr"] == false && link["linkinfo"]?["info_data"]?["multi_queue"] == false)
        #expect(link["addr_info"]?.arrayValue?.contains { $0["family"] == "inet" } != true)
        let unknown = try attachment.run("tap", "ADD", config: Self.config(), interfaceName: "eth1", args: "FOO=1")
        #expect(unknown.code == 4 && unknown.message.contains("CNI_ARGS"), "\(unknown.output)")
    }

    @Test func failedIPAMRemovesTheTap() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["tap", "host-local"])
        let ipam = #"{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.139.0/30","rangeStart":"10.250.139.9"}]]}"#
        let added = try attachment.run("tap", "ADD", config: attachment.configuration(Self.config(ipam: ipam), version: "1.0.0"))
        #expect(!added.succeeded, "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.container).isEmpty)
    }

    @Test func anInterfaceNameInUseIsRefusedWithoutAdoptingIt() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["tap"])
        try Command.check(["ip", "-n", attachment.container.name, "tuntap", "add", "dev", "eth0", "mode", "tap"])
        let added = try attachment.run("tap", "ADD", config: Self.config())
        #expect(!added.succeeded && added.message.contains("eth0"), "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.container) == ["eth0"])
    }

    @Test func deleteSucceedsWhenTheInterfaceOrTheNamespaceIsGone() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["tap"])
        #expect(try attachment.run("tap", "ADD", config: Self.config()).succeeded)
        #expect(try attachment.run("tap", "DEL", config: Self.config()).succeeded)
        #expect(try IsolatedAttachment.linkNames(attachment.container).isEmpty)
        #expect(try attachment.run("tap", "DEL", config: Self.config()).succeeded)
        let gone = "/var/run/netns/ph-gone-\(UInt32.random(in: 0 ... .max))"
        #expect(try attachment.run("tap", "DEL", config: Self.config(), netns: gone).succeeded)
    }

    @Test(arguments: [(#","owner":-1"#, "owner"), (#","mac":"nope""#, "mac"), (#","mtu":20"#, "mtu")])
    func badConfigurationsAreRefusedNamingTheField(_ extra: String, _ field: String) throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["tap"])
        let added = try attachment.run("tap", "ADD", config: Self.config(extra))
        #expect(added.code == 7 && added.message.contains(field), "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.container).isEmpty)
    }

    @Test func checkNoticesARemovedRoute() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["tap", "host-local"])
        let config = attachment.configuration(Self.config(ipam: Self.ipam), version: "1.0.0")
        let added = try attachment.run("tap", "ADD", config: config)
        let checkConfig = try IsolatedAttachment.withPreviousResult(config, added.output)
        #expect(try attachment.run("tap", "CHECK", config: checkConfig).succeeded)
        try Command.check(["ip", "-n", attachment.container.name, "route", "del", "10.250.138.0/24"])
        let broken = try attachment.run("tap", "CHECK", config: checkConfig)
        #expect(!broken.succeeded && broken.message.contains("10.250.138.0/24"), "\(broken.output)")
    }

    /// Without SELinux there is no context to create the device in: the key is accepted and
    /// has no effect (with SELinux enforcing, ADD refuses it with code 2).
    @Test(.enabled(if: !FileSystem.exists("/sys/fs/selinux/enforce")))
    func anSELinuxContextIsIgnoredWithoutSELinux() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["tap"])
        let added = try attachment.run("tap", "ADD", config: Self.config(#","selinuxContext":"system_u:system_r:container_t:s0""#))
        #expect(added.succeeded, "\(added.output)")
        #expect(try IsolatedAttachment.linkNames(attachment.container) == ["eth0"])
    }
}
