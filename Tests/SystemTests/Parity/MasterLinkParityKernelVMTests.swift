import CNISpec
import TestSupport
import Testing

/// Our macvlan, ipvlan, vlan and vrf against Debian's reference plugins (v1.1.1), in the kernel
/// VM (this host's kernel lacks the drivers): same result, same kernel state, same cleanup, for
/// the main options and the versions both speak.
@Suite(.enabled(if: NetlinkKernelVM.isInside, Comment(rawValue: NetlinkKernelVM.disabledReason)))
struct PluginsKernelVMParityTests {
    static let versions = ["0.3.1", "0.4.0", "1.0.0"]

    /// The host namespace's master: a dummy link `pvm0`, up (never the machine's own interfaces).
    static let master = "ip link add pvm0 type dummy\nip link set pvm0 up"

    static func compare(_ plugin: String, _ name: String, _ template: String, _ version: String, args: String? = nil,
                        prepare: String = "", first: (plugin: String, template: String)? = nil) throws {
        var parity = ParityCase(
            name: name, plugin: plugin, template: template.replacingAll("{MASTER}", with: "pvm0"), version: version,
            prepare: master + "\n" + prepare, first: first.map { ($0.plugin, $0.template.replacingAll("{MASTER}", with: "pvm0")) },
            args: args)
        if first != nil {
            // Only the chained plugin is compared: the first one and its IPAM are Debian's on both sides.
            parity.delegates = []
            parity.referenceDelegates = ["host-local"]
        }
        let (go, ours) = try AttachmentLifecycle.compare(parity)
        // Not vacuous: ADD worked on the reference side and left an interface in the container.
        #expect(go.result["failed"] == nil, "the reference failed: \(go)")
        let differences = AttachmentLifecycle.differences(go: go, ours: ours, ignoring: ["check", "second DEL"], allowing: ParityAllowances.of(plugin))
        #expect(differences.isEmpty, "\(name) \(version):\n\(differences.joined(separator: "\n"))")
    }

    static let macvlanCases: [(String, String)] = [
        ("bridge mode, dual stack, gateway routes, mtu", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"macvlan","master":"{MASTER}","mode":"bridge","mtu":1400,
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.140.0/24"}],[{"subnet":"fd00:250:140:1::/64"}]],
                     "routes":[{"dst":"0.0.0.0/0"},{"dst":"10.250.159.0/24","gw":"10.250.140.254"}]}}
            """#),
        ("private mode without IPAM (layer 2 only)", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"macvlan","master":"{MASTER}","mode":"private"}
            """#),
        ("vepa mode, MAC from runtimeConfig, DNS", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"macvlan","master":"{MASTER}","mode":"vepa","capabilities":{"mac":true},
             "runtimeConfig":{"mac":"02:00:00:fa:8c:01"},"dns":{"nameservers":["10.250.141.53"]},
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.141.0/24","gateway":"10.250.141.254"}]]}}
            """#),
        ("passthru mode", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"macvlan","master":"{MASTER}","mode":"passthru",
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.142.0/24"}]]}}
            """#),
        ("default mode, MAC in the configuration", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"macvlan","master":"{MASTER}","mac":"02:00:00:fa:8f:02",
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.143.0/24"}]]}}
            """#),
    ]

    @Test(arguments: macvlanCases.indices, versions)
    func macvlan(_ index: Int, _ version: String) throws {
        try Self.compare("macvlan", macvlanCasesName(index), Self.macvlanCases[index].1, version)
    }

    private func macvlanCasesName(_ index: Int) -> String { "macvlan " + Self.macvlanCases[index].0 }

    /// `IgnoreUnknown=1`: host-local refuses the `MAC` key otherwise (and the reference macvlan
    /// then leaves its link behind, which ours does not).
    @Test(arguments: versions)
    func macvlanMasterFromTheDefaultRouteAndMACFromCNIArgs(_ version: String) throws {
        let route = "ip addr add 10.250.144.2/24 dev pvm0\nip route add default via 10.250.144.1"
        try Self.compare("macvlan", "macvlan default master", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"macvlan",
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.145.0/24"}]]}}
            """#, version, args: "IgnoreUnknown=1;MAC=02:00:00:fa:91:03", prepare: route)
    }

    static let ipvlanCases: [(String, String)] = [
        ("l2, dual stack, mtu", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"ipvlan","master":"{MASTER}","mode":"l2","mtu":1400,
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.146.0/24"}],[{"subnet":"fd00:250:140:2::/64"}]]}}
            """#),
        ("l3 with a route", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"ipvlan","master":"{MASTER}","mode":"l3",
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.147.0/24"}]],"routes":[{"dst":"10.250.158.0/24"}]}}
            """#),
        ("l3s", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"ipvlan","master":"{MASTER}","mode":"l3s",
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.148.0/24"}]]}}
            """#),
        ("chained: master and addresses from prevResult", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"ipvlan",
             "prevResult":{"cniVersion":"{VERSION}","interfaces":[{"name":"pvm0"}],
                           "ips":[{"version":"4","address":"10.250.149.7/24","gateway":"10.250.149.1","interface":0}],
                           "routes":[{"dst":"10.250.157.0/24"}]}}
            """#),
    ]

    @Test(arguments: ipvlanCases.indices, versions)
    func ipvlan(_ index: Int, _ version: String) throws {
        try Self.compare("ipvlan", "ipvlan " + Self.ipvlanCases[index].0, Self.ipvlanCases[index].1, version)
    }

    static let vlanCases: [(String, String)] = [
        ("VLAN 100 with a route", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"vlan","master":"{MASTER}","vlanId":100,
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.150.0/24"}]],"routes":[{"dst":"10.250.156.0/24"}]}}
            """#),
        ("VLAN 4094, mtu, dual stack", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"vlan","master":"{MASTER}","vlanId":4094,"mtu":1280,
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.151.0/24"}],[{"subnet":"fd00:250:140:3::/64"}]]}}
            """#),
    ]

    @Test(arguments: vlanCases.indices, versions)
    func vlan(_ index: Int, _ version: String) throws {
        try Self.compare("vlan", "vlan " + Self.vlanCases[index].0, Self.vlanCases[index].1, version)
    }

    /// The chain's first plugin, Debian's macvlan on both sides, so only vrf differs. Only
    /// connected routes: routes through gateways are where we differ on purpose (we move them
    /// into the VRF's table as upstream does since; v1.1.1 loses them).
    static let vrfFirst = (plugin: "macvlan", template: #"""
        {"cniVersion":"{VERSION}","name":"pv","type":"macvlan","master":"{MASTER}",
         "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.152.0/24"}],[{"subnet":"fd00:250:140:4::/64"}]]}}
        """#)

    static let vrfCases: [(String, String)] = [
        ("fixed table", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"vrf","vrfname":"pvvrf0","table":1001,"prevResult":{PREV}}
            """#),
        ("allocated table", #"""
            {"cniVersion":"{VERSION}","name":"pv","type":"vrf","vrfname":"pvvrf1","prevResult":{PREV}}
            """#),
    ]

    @Test(arguments: vrfCases.indices, versions)
    func vrf(_ index: Int, _ version: String) throws {
        try Self.compare("vrf", "vrf " + Self.vrfCases[index].0, Self.vrfCases[index].1, version, first: Self.vrfFirst)
    }
}
