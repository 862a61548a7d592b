import CNISpec
import LinuxSystem
import TestSupport
import Testing

/// DEL never wedges a runtime: for every configuration a plugin's ADD refuses, ADD fails with
/// the expected code and leaves nothing, and DEL of the same configuration succeeds (exit 0,
/// empty stdout) and leaves nothing either; runtimes retry a failing DEL for ever, and
/// Kubernetes does not remove the pod until it succeeds. Each row also runs Debian's reference
/// plugin's DEL where it ships one, so the table records where it succeeds too and where it
/// fails (docs/differences.md, "DEL of a configuration ADD refuses").
///
/// The plugins run as real binaries in a host namespace of the test's own (`IsolatedAttachment`).
/// macvlan, ipvlan, vlan and vrf need link kinds this kernel may lack, but their refusals come
/// before any link is made, and DEL is exercised here with a namespace that exists.
@Suite struct DeleteToleranceTests {
    /// What the reference's DEL does with a row's configuration.
    enum Reference: Sendable {
        /// Succeeds too.
        case succeeds
        /// Fails (ours succeeds; the difference is recorded in docs/differences.md).
        case fails
        /// Debian's v1.1.1 ships no such plugin.
        case notShipped
    }

    /// One configuration ADD refuses.
    struct Refusal: Sendable, CustomTestStringConvertible {
        var plugin: String
        /// The keys after `cniVersion`, `name` and `type`, as a JSON fragment (`{DATA}` is the
        /// test's data directory).
        var keys: String
        var args: String?
        var addCode: Int
        var reference: Reference
        var cniVersion = "1.0.0"

        var testDescription: String { "\(plugin) \(keys)\(args.map { " CNI_ARGS \($0)" } ?? "")" }

        var networkName: String { "deltol-\(plugin)" }

        var configuration: String {
            #"{"cniVersion":"\#(cniVersion)","name":"\#(networkName)","type":"\#(plugin)"\#(keys.isEmpty ? "" : ",")\#(keys)}"#
        }
    }

    static let ipam = #""ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/24"}]]}"#
    /// An IPAM section host-local refuses (a subnet too small to allocate from).
    static let badIPAM = #""ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/31"}]]}"#

    static func rows(_ plugin: String, _ reference: Reference, common: String = "",
                     _ cases: [(keys: String, args: String?, code: Int, reference: Reference?)]) -> [Refusal] {
        cases.map { entry in
            // The row's keys last: a key given twice takes its last value, as in Go.
            let keys = [common, entry.keys].filter { !$0.isEmpty }.joined(separator: ",")
            return Refusal(plugin: plugin, keys: keys, args: entry.args, addCode: entry.code, reference: entry.reference ?? reference)
        }
    }

    static let loopback = rows("loopback", .succeeds, [
        (#""prevResult":{"cniVersion":"1.0.0","ips":[{"address":"not-an-address"}]}"#, nil, 7, nil),
    ])

    static let bridge = rows("bridge", .succeeds, common: ipam, [
        (#""bridge":"a-bridge-name-too-long""#, nil, 7, nil),
        (#""mtu":5"#, nil, 7, nil),
        (#""mtu":70000"#, nil, 7, nil),
        (#""mtu":"large""#, nil, 7, .fails),
        (#""hairpinMode":true,"promiscMode":true"#, nil, 7, nil),
        (#""hairpinMode":true,"promiscMode":true,"ipMasq":true,"macspoofchk":true"#, nil, 7, nil),
        (#""vlan":5000"#, nil, 7, .fails),
        (#""vlan":-1"#, nil, 7, .fails),
        (#""vlanTrunk":[{"id":0}]"#, nil, 7, nil),
        (#""vlanTrunk":[{"minID":20,"maxID":10}]"#, nil, 7, nil),
        (#""vlanTrunk":[{"minID":20}]"#, nil, 7, nil),
        (#""disableContainerInterface":true"#, nil, 7, nil),
        (#""args":{"cni":{"mac":"not-a-mac"}}"#, nil, 7, nil),
        (#""runtimeConfig":{"mac":"01:02"}"#, nil, 7, nil),
        ("", "IgnoreUnknown=1;MAC=not-a-mac", 7, nil),
        (#""ipMasq":"yes""#, nil, 7, .fails),
    ])

    static let ptp = rows("ptp", .succeeds, [
        ("", nil, 7, .fails),
        (#""mtu":10,"# + ipam, nil, 7, nil),
        (#""mtu":"x","# + ipam, nil, 7, .fails),
        (#""ipMasq":"x","# + ipam, nil, 7, .fails),
        (badIPAM, nil, 7, .fails),
    ])

    static let macvlan = rows("macvlan", .succeeds, common: ipam, [
        (#""master":"nosuchdev0""#, nil, 7, .fails),
        ("", nil, 7, .fails),
        (#""master":"lo","mode":"sideways""#, nil, 7, nil),
        (#""master":"lo","mtu":20"#, nil, 7, nil),
        (#""master":"lo","mac":"not-a-mac""#, nil, 7, nil),
        (#""master":"lo""#, "IgnoreUnknown=1;MAC=not-a-mac", 7, nil),
        (#""master":"lo","runtimeConfig":{"mac":"zz"}"#, nil, 7, nil),
    ])

    static let ipvlan = rows("ipvlan", .succeeds, [
        (#""master":"nosuchdev0","# + ipam, nil, 7, nil),
        (ipam, nil, 7, .fails),
        (#""master":"lo","mode":"l4","# + ipam, nil, 7, nil),
        (#""master":"lo","mtu":30,"# + ipam, nil, 7, nil),
        (#""master":"lo""#, nil, 7, nil),
    ])

    static let vlan = rows("vlan", .succeeds, [
        (#""vlanId":10,"# + ipam, nil, 7, .fails),
        (#""master":"nosuchdev0","vlanId":10,"# + ipam, nil, 7, .fails),
        (#""master":"lo","vlanId":0,"# + ipam, nil, 7, nil),
        (#""master":"lo","vlanId":5000,"# + ipam, nil, 7, .fails),
        (#""master":"lo","vlanId":10,"mtu":40,"# + ipam, nil, 7, nil),
        (#""master":"lo","vlanId":10"#, nil, 7, .fails),
    ])

    static let dummy = rows("dummy", .notShipped, [
        ("", nil, 7, nil),
    ])

    static let hostDevice = rows("host-device", .fails, [
        ("", nil, 7, .fails),
        (#""device":"name/slash""#, nil, 7, nil),
        (#""hwaddr":"not-a-mac""#, nil, 7, nil),
        (#""kernelpath":"/etc/passwd""#, nil, 7, nil),
        (#""pciBusID":"../x""#, nil, 7, nil),
    ])

    static let tap = rows("tap", .notShipped, [
        (#""mtu":50"#, nil, 7, nil),
        (#""mac":"not-a-mac""#, nil, 7, nil),
        ("", "IgnoreUnknown=1;MAC=not-a-mac", 7, nil),
        (#""runtimeConfig":{"mac":"zz"}"#, nil, 7, nil),
        (#""owner":-1"#, nil, 7, nil),
        (#""group":5000000000"#, nil, 7, nil),
        (#""bridge":"bad/name""#, nil, 7, nil),
        (#""multiQueue":"x""#, nil, 7, nil),
    ])

    static let vrf = rows("vrf", .succeeds, [
        ("", nil, 7, .fails),
        (#""vrfname":"a-vrf-name-too-long""#, nil, 7, .fails),
        (#""vrfname":5"#, nil, 7, .fails),
        (#""vrfname":"vrf-deltol","table":-1"#, nil, 7, .fails),
        (#""vrfname":"vrf-deltol""#, nil, 7, nil),
    ])

    static let hostLocalRanges = #""dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/24"}]]"#
    static let hostLocal = rows("host-local", .fails, [
        ("", nil, 7, nil),
        (#""ipam":{"dataDir":"{DATA}"}"#, nil, 7, nil),
        (#""ipam":{"dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/33"}]]}"#, nil, 7, nil),
        (#""ipam":{"dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.1/24"}]]}"#, nil, 7, nil),
        (#""ipam":{"dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/24","rangeStart":"10.250.214.1"}]]}"#, nil, 7, nil),
        (#""ipam":{"dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/24","rangeStart":"10.250.213.50","rangeEnd":"10.250.213.10"}]]}"#, nil, 7, nil),
        (#""ipam":{"dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/24","gateway":"not-an-address"}]]}"#, nil, 7, nil),
        (#""ipam":{"dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/24"},{"subnet":"fd00:250:213::/64"}]]}"#, nil, 7, nil),
        (#""ipam":{"dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/24"},{"subnet":"10.250.213.128/25"}]]}"#, nil, 7, nil),
        (#""ipam":{"dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/24"}],[{"subnet":"10.250.213.0/25"}]]}"#, nil, 7, nil),
        (#""ipam":{"dataDir":"{DATA}","ranges":"x"}"#, nil, 7, nil),
        (#""ipam":{\#(hostLocalRanges)},"args":{"cni":{"ips":["not-an-address"]}}"#, nil, 7, nil),
        (#""ipam":{\#(hostLocalRanges)},"runtimeConfig":{"ips":["not-an-address"]}"#, nil, 7, nil),
        (#""ipam":{\#(hostLocalRanges)}"#, "IP=not-an-address", 4, nil),
    ]) + [Refusal(
        plugin: "host-local",
        keys: #""ipam":{"dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/25"}],[{"subnet":"10.250.213.128/25"}]]}"#,
        addCode: 7, reference: .fails, cniVersion: "0.2.0")]

    static let staticIPAM = rows("static", .succeeds, [
        ("", nil, 7, nil),
        (#""ipam":{"addresses":[{"address":"not-an-address"}]}"#, nil, 7, nil),
        (#""ipam":{"addresses":[{"address":"10.250.213.5/24","gateway":"not-an-address"}]}"#, nil, 7, nil),
        (#""ipam":{},"args":{"cni":{"ips":["10.250.213.5"]}}"#, nil, 7, nil),
        (#""ipam":{}"#, "IP=not-an-address", 4, nil),
    ]) + [Refusal(
        plugin: "static", keys: #""ipam":{"addresses":[{"address":"10.250.213.5/24"},{"address":"10.250.213.6/24"}]}"#,
        addCode: 7, reference: .succeeds, cniVersion: "0.2.0")]

    static let slirpState = #""stateDir":"{DATA}/slirp""#
    static let slirp = rows("slirp", .notShipped, common: slirpState, [
        (#""backend":"vde""#, nil, 7, nil),
        (#""mtu":1000"#, nil, 7, nil),
        (#""cidr":"10.0.2.0/30""#, nil, 7, nil),
        (#""cidr":"fd00::/64""#, nil, 7, nil),
        (#""outboundAddr":"not-an-address""#, nil, 7, nil),
        (#""backend":"pasta","enableSandbox":true"#, nil, 7, nil),
        (#""capabilities":{"portMappings":true},"runtimeConfig":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"sctp"}]}"#, nil, 2, nil),
        (#""capabilities":{"portMappings":true},"runtimeConfig":{"portMappings":[{"hostPort":0,"containerPort":80}]}"#, nil, 7, nil),
    ])

    static let userspacePaths = #""sharedDir":"{DATA}/shared","dataDir":"{DATA}/data","ovsdbSocket":"{DATA}/no-ovs.sock","vppApiSocket":"{DATA}/no-vpp.sock","ovsRunDir":"{DATA}/ovs""#
    static let userspace = rows("userspace", .notShipped, common: userspacePaths, [
        (#""host":{"engine":"ovs-dpdk","iftype":"vhostuser"},"kubeconfig":"/etc/kubeconfig""#, nil, 2, nil),
        (#""host":{"engine":"ovs-dpdk","iftype":"vhostuser"},"sharedDir":"relative/dir""#, nil, 7, nil),
        ("", nil, 7, nil),
        (#""host":{"engine":"snabb","iftype":"vhostuser"}"#, nil, 7, nil),
        (#""host":{"engine":"ovs-dpdk"}"#, nil, 7, nil),
        (#""host":{"engine":"ovs-dpdk","iftype":"vhostuser","netType":"interface"}"#, nil, 7, nil),
        (#""host":{"engine":"ovs-dpdk","iftype":"memif","memif":{"mode":"ip"}}"#, nil, 7, nil),
        (#""host":{"engine":"ovs-dpdk","iftype":"vhostuser","bridge":{"vlanId":5000}}"#, nil, 7, nil),
        (#""host":{"engine":"vpp","iftype":"memif","bridge":{"vlanId":10}}"#, nil, 2, nil),
        (#""host":{"engine":"vpp","iftype":"memif","bridge":{"bridgeId":16777216}}"#, nil, 7, nil),
        (#""host":{"engine":"ovs-dpdk","iftype":"vhostuser"},"container":{"iftype":"memif"}"#, nil, 7, nil),
        (#""host":{"engine":"ovs-dpdk","iftype":"vhostuser","memif":{"role":"server"}}"#, nil, 7, nil),
        (#""host":{"engine":"vpp","iftype":"memif","memif":{"role":"server"}},"container":{"memif":{"role":"master"}}"#, nil, 7, nil),
        (#""host":{"engine":"vpp","iftype":"memif","memif":{"mode":"ip"}},"container":{"memif":{"mode":"ethernet"}}"#, nil, 7, nil),
        (#""host":{"engine":"ovs-dpdk","iftype":"vhostuser","vhost":{"mode":"client"}},"container":{"vhost":{"mode":"client"}}"#, nil, 7, nil),
        (#""host":{"engine":"ovs-dpdk","iftype":"vhostuser"},"container":{"bridge":{"bridgeName":"br1"}}"#, nil, 7, nil),
    ])

    static let all = loopback + bridge + ptp + macvlan + ipvlan + vlan + dummy + hostDevice + tap + vrf + hostLocal
        + staticIPAM + slirp + userspace

    /// The plugins a row runs: the plugin and host-local, for the IPAM sections.
    static func plugins(_ row: Refusal) -> [String] { row.plugin == "host-local" ? ["host-local"] : [row.plugin, "host-local"] }

    @Test(arguments: all)
    func addRefusesAndDeleteSucceeds(_ row: Refusal) throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: Self.plugins(row))
        let config = attachment.configuration(row.configuration, version: row.cniVersion)
        let before = try Self.state(attachment)

        let added = try attachment.run(row.plugin, "ADD", config: config, args: row.args)
        #expect(!added.succeeded && added.code == row.addCode, "ADD: \(added.output) \(added.stderr)")
        #expect(!added.message.isEmpty, "ADD gives a message")
        #expect(try Self.state(attachment) == before, "ADD left something behind")

        let deleted = try attachment.run(row.plugin, "DEL", config: config, args: row.args)
        #expect(deleted.succeeded, "DEL: \(deleted.output) \(deleted.stderr)")
        #expect(deleted.output == .null, "DEL prints nothing: \(deleted.output)")
        #expect(try Self.state(attachment) == before, "DEL left something behind")
        // Idempotent: again, after everything is gone.
        #expect(try attachment.run(row.plugin, "DEL", config: config, args: row.args).succeeded)
    }

    @Test(arguments: all.filter { $0.reference != .notShipped })
    func referenceDeleteOfTheSameConfiguration(_ row: Refusal) throws {
        let attachment = try IsolatedAttachment(ours: false, plugins: Self.plugins(row))
        let config = attachment.configuration(row.configuration, version: row.cniVersion)
        let deleted = try attachment.run(row.plugin, "DEL", config: config, args: row.args)
        #expect(deleted.succeeded == (row.reference == .succeeds), "reference DEL: \(deleted.output) \(deleted.stderr)")
    }

    /// A configuration whose ranges ADD refuses still releases what the attachment holds: DEL
    /// finds leases by the attachment, not by range.
    @Test func hostLocalReleasesALeaseWhateverTheRanges() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["host-local"])
        let good = attachment.configuration(
            #"{"cniVersion":"1.0.0","name":"deltol-release","type":"host-local","ipam":{\#(Self.hostLocalRanges)}}"#,
            version: "1.0.0")
        #expect(try attachment.run("host-local", "ADD", config: good).succeeded)
        #expect(attachment.leases(network: "deltol-release") == ["10.250.213.2"])
        let refused = attachment.configuration(
            #"{"cniVersion":"1.0.0","name":"deltol-release","type":"host-local","ipam":{"dataDir":"{DATA}","ranges":[[{"subnet":"10.250.213.0/33"}]]}}"#,
            version: "1.0.0")
        #expect(try attachment.run("host-local", "ADD", config: refused).code == 7)
        let deleted = try attachment.run("host-local", "DEL", config: refused)
        #expect(deleted.succeeded, "\(deleted.output)")
        #expect(attachment.leases(network: "deltol-release").isEmpty)
    }

    /// DEL skips validation only: a failure to release what exists is still reported (here the
    /// network's lock cannot be taken, because `lock` is a directory).
    @Test func aFailureToReleaseIsStillReported() throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: ["bridge", "host-local"])
        try FileSystem.createDirectory("\(attachment.dataDirectory)/deltol-bridge", mode: 0o755)
        try FileSystem.createDirectory("\(attachment.dataDirectory)/deltol-bridge/lock", mode: 0o755)
        let row = Refusal(plugin: "bridge", keys: #""hairpinMode":true,"promiscMode":true,"# + Self.ipam, addCode: 7,
                          reference: .succeeds)
        let deleted = try attachment.run("bridge", "DEL", config: attachment.configuration(row.configuration, version: "1.0.0"))
        #expect(!deleted.succeeded && deleted.code != nil && !deleted.message.isEmpty, "\(deleted.output)")
    }

    /// `"mtu": -1` and `0` mean the default, as in the reference: ADD succeeds with the kernel's MTU.
    @Test(arguments: ["bridge", "ptp", "tap"], [-1, 0])
    func nonPositiveMTUIsTheDefault(_ plugin: String, _ mtu: Int) throws {
        let attachment = try IsolatedAttachment(ours: true, plugins: [plugin, "host-local"])
        let bridgeName = plugin == "bridge" ? #""bridge":"brdeltol","# : ""
        let config = attachment.configuration(
            #"{"cniVersion":"1.0.0","name":"deltol-mtu","type":"\#(plugin)",\#(bridgeName)"mtu":\#(mtu),\#(Self.ipam)}"#,
            version: "1.0.0")
        let added = try attachment.run(plugin, "ADD", config: config)
        #expect(added.succeeded, "\(added.output) \(added.stderr)")
        let link = try #require(IsolatedAttachment.link("eth0", in: attachment.container))
        #expect(link["mtu"] == 1500)
        #expect(try attachment.run(plugin, "DEL", config: config).succeeded)
        #expect(attachment.leases(network: "deltol-mtu").isEmpty)
    }

    /// What a row may change: the links of both namespaces, the host namespace's nftables
    /// ruleset, and the files under the data directory.
    static func state(_ attachment: IsolatedAttachment) throws -> [String] {
        let links = try IsolatedAttachment.linkNames(attachment.host) + ["|"] + IsolatedAttachment.linkNames(attachment.container)
        let rules = try attachment.host.exec(["nft", "list", "ruleset"])
        let files = try Command.check(["find", attachment.dataDirectory, "-mindepth", "1"])
        return links + ["|", rules.stdout, "|", files]
    }
}
