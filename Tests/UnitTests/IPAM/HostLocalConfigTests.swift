import CNISpec
import IPAM
import NetAddress
import Testing

/// host-local configuration: defaults as the reference fills them in, and every invalid input
/// refused with the right code and a message naming the field.
@Suite struct HostLocalConfigTests {
    static func parse(_ ipam: String, extra: String = "", version: String = "1.0.0", args: String = "") throws(CNIError)
        -> HostLocalConfig
    {
        let text = #"{"cniVersion":"\#(version)","name":"net1","type":"bridge","ipam":\#(ipam)\#(extra)}"#
        return try HostLocalConfig(config: try NetworkConfig(bytes: Array(text.utf8)), args: try CNIArgs(parsing: args))
    }

    static func range(_ subnet: String, _ start: String, _ end: String, _ gateway: String) -> AllocationRange {
        AllocationRange(subnet: IPPrefix(subnet)!, rangeStart: IPAddress(start)!, rangeEnd: IPAddress(end)!,
                        gateway: IPAddress(gateway)!)
    }

    @Test(arguments: [
        (#"{"subnet":"10.1.2.0/24"}"#, range("10.1.2.0/24", "10.1.2.1", "10.1.2.254", "10.1.2.1")),
        (#"{"subnet":"10.1.2.0/30"}"#, range("10.1.2.0/30", "10.1.2.1", "10.1.2.2", "10.1.2.1")),
        (#"{"subnet":"10.0.0.0/8","rangeStart":"10.0.0.10","rangeEnd":"10.0.0.20","gateway":"10.0.0.254"}"#,
         range("10.0.0.0/8", "10.0.0.10", "10.0.0.20", "10.0.0.254")),
        // The gateway need not be in the subnet; rangeStart may be the network address.
        (#"{"subnet":"10.1.2.0/24","rangeStart":"10.1.2.0","gateway":"192.168.0.1"}"#,
         range("10.1.2.0/24", "10.1.2.0", "10.1.2.254", "192.168.0.1")),
        // IPv6 has no broadcast address: the range runs to the last address.
        (#"{"subnet":"2001:db8::/64"}"#, range("2001:db8::/64", "2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff", "2001:db8::1")),
        (#"{"subnet":"fd00::/126"}"#, range("fd00::/126", "fd00::1", "fd00::3", "fd00::1")),
        // Go's field matching ignores case; "" means "not given".
        (#"{"Subnet":"10.1.2.0/24","RANGEEND":"10.1.2.9","gateway":""}"#, range("10.1.2.0/24", "10.1.2.1", "10.1.2.9", "10.1.2.1")),
    ])
    func rangesGetTheReferenceDefaults(_ definition: String, _ expected: AllocationRange) throws {
        let config = try Self.parse(#"{"type":"host-local","ranges":[[\#(definition)]]}"#)
        #expect(config.rangeSets.map(\.ranges) == [[expected]])
    }

    @Test func rangeSetsComeFromRuntimeThenLegacyThenRanges() throws {
        let config = try Self.parse(
            #"{"type":"host-local","subnet":"10.2.0.0/24","rangeStart":"10.2.0.5","ranges":[[{"subnet":"10.3.0.0/24"}],[{"subnet":"fd00::/64"}]]}"#,
            extra: #","runtimeConfig":{"ipRanges":[[{"subnet":"10.1.0.0/24"}]]}"#)
        #expect(config.rangeSets.map(\.path) == ["runtimeConfig.ipRanges[0]", "ipam", "ipam.ranges[0]", "ipam.ranges[1]"])
        #expect(config.rangeSets.map { $0.ranges[0].subnet.description } == ["10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24", "fd00::/64"])
        #expect(config.rangeSets[1].ranges[0].rangeStart == IPAddress("10.2.0.5"))
    }

    @Test func legacyKeysWithoutASubnetAreIgnored() throws {
        let config = try Self.parse(#"{"type":"host-local","rangeStart":"10.9.0.5","ranges":[[{"subnet":"10.3.0.0/24"}]]}"#)
        #expect(config.rangeSets.count == 1)
    }

    @Test func defaultsForDataDirectoryAndResolvConf() throws {
        let plain = try Self.parse(#"{"type":"host-local","dataDir":"","resolvConf":"","subnet":"10.2.0.0/24"}"#)
        #expect(plain.dataDirectory == "/var/lib/cni/networks" && plain.resolvConf == nil)
        #expect(plain.leaseDirectory == "/var/lib/cni/networks/net1")
        let custom = try Self.parse(#"{"type":"host-local","dataDir":"/run/x","resolvConf":"/etc/r","subnet":"10.2.0.0/24","routes":[{"dst":"0.0.0.0/0","gw":"10.2.0.9"}]}"#)
        #expect(custom.leaseDirectory == "/run/x/net1" && custom.resolvConf == "/etc/r")
        #expect(custom.routes == [Route(destination: IPPrefix("0.0.0.0/0")!, gateway: IPAddress("10.2.0.9"))])
    }

    @Test func requestedAddressesFromArgsThenConfigArgsThenRuntime() throws {
        let config = try Self.parse(
            #"{"type":"host-local","ranges":[[{"subnet":"10.2.0.0/24"}],[{"subnet":"fd00::/64"}]]}"#,
            extra: #","args":{"cni":{"ips":["10.2.0.7/24","fd00::7"]}},"runtimeConfig":{"ips":["10.2.0.5"]}"#,
            args: "IP=10.2.0.5,fd00::9;IgnoreUnknown=1")
        #expect(config.requestedAddresses.map(\.description) == ["10.2.0.5", "fd00::9", "10.2.0.7", "fd00::7"])
    }

    @Test(arguments: [
        // (ipam, extra, version, CNI_ARGS, code, message fragment)
        ("null", "", "1.0.0", "", 7, "IPAM config missing 'ipam' key"),
        (#"{"type":"host-local"}"#, "", "1.0.0", "", 7, "ipam: no IP ranges specified"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/31"}]]}"#, "", "1.0.0", "", 7, "ipam.ranges[0][0].subnet: network 10.0.0.0/31 too small to allocate from"),
        (#"{"ranges":[[{"subnet":"10.0.0.1/32"}]]}"#, "", "1.0.0", "", 7, "ipam.ranges[0][0].subnet: network 10.0.0.1/32 too small"),
        (#"{"ranges":[[{"subnet":"fd00::/127"}]]}"#, "", "1.0.0", "", 7, "ipam.ranges[0][0].subnet: network fd00::/127 too small"),
        (#"{"ranges":[[{"subnet":"10.0.0.1/24"}]]}"#, "", "1.0.0", "", 7,
         "ipam.ranges[0][0].subnet: network has host bits set: for a subnet mask of length 24 the network address is 10.0.0.0"),
        (#"{"ranges":[[{"subnet":"10.0.0.0"}]]}"#, "", "1.0.0", "", 7, #"ipam.ranges[0][0].subnet: invalid CIDR address "10.0.0.0""#),
        (#"{"ranges":[[{"subnet":"::ffff:10.0.0.0/120"}]]}"#, "", "1.0.0", "", 7, "ipam.ranges[0][0].subnet: network ::ffff:10.0.0.0/120 mixes"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24"},{"gateway":"10.1.0.1"}]]}"#, "", "1.0.0", "", 7, "ipam.ranges[0][1].subnet: missing subnet"),
        (#"{"ranges":[[{"subnet":5}]]}"#, "", "1.0.0", "", 7, #""ipam.ranges[0][0].subnet": expected a string"#),
        (#"{"ranges":{"subnet":"10.0.0.0/24"}}"#, "", "1.0.0", "", 7, #""ipam.ranges": expected an array"#),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24","rangeStart":"10.0.1.5"}]]}"#, "", "1.0.0", "", 7,
         "ipam.ranges[0][0].rangeStart: 10.0.1.5 not in network 10.0.0.0/24"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24","rangeStart":"fd00::5"}]]}"#, "", "1.0.0", "", 7,
         "ipam.ranges[0][0].rangeStart: fd00::5 not in network 10.0.0.0/24"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24","rangeEnd":"10.0.1.5"}]]}"#, "", "1.0.0", "", 7,
         "ipam.ranges[0][0].rangeEnd: 10.0.1.5 not in network 10.0.0.0/24"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24","rangeStart":"10.0.0.9","rangeEnd":"10.0.0.5"}]]}"#, "", "1.0.0", "", 7,
         "ipam.ranges[0][0].rangeStart: 10.0.0.9 is after rangeEnd 10.0.0.5"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24","rangeEnd":"10.0.0.0"}]]}"#, "", "1.0.0", "", 7,
         "ipam.ranges[0][0].rangeEnd: 10.0.0.0 is before rangeStart 10.0.0.1"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24","gateway":"10.0.0.256"}]]}"#, "", "1.0.0", "", 7,
         #"ipam.ranges[0][0].gateway: invalid IP address "10.0.0.256""#),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24"}],[]]}"#, "", "1.0.0", "", 7, "ipam.ranges[1]: empty range set"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24"},{"subnet":"fd00::/64"}]]}"#, "", "1.0.0", "", 7, "ipam.ranges[0][1]: mixed address families"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24"},{"subnet":"10.0.0.0/25"}]]}"#, "", "1.0.0", "", 7,
         "ipam.ranges[0][1]: subnets 10.0.0.1-10.0.0.254 and 10.0.0.1-10.0.0.126 overlap"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24"}],[{"subnet":"10.0.0.128/25"}]]}"#, "", "1.0.0", "", 7,
         "ipam.ranges[1]: range set 1 overlaps with range set 0 (ipam.ranges[0])"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24"}]]}"#, #","runtimeConfig":{"ipRanges":[[{"subnet":"10.0.0.0/16"}]]}"#, "1.0.0", "", 7,
         "ipam.ranges[0]: range set 1 overlaps with range set 0 (runtimeConfig.ipRanges[0])"),
        (#"{"subnet":"10.0.0.5/24"}"#, "", "1.0.0", "", 7, "ipam.subnet: network has host bits set"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24"}],[{"subnet":"10.1.0.0/24"}]]}"#, "", "0.2.0", "", 7,
         "CNI version 0.2.0 does not support more than 1 address per family"),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24"}]]}"#, #","runtimeConfig":{"ips":["10.0.0.x"]}"#, "1.0.0", "", 7,
         #"runtimeConfig.ips[0]: invalid IP address "10.0.0.x""#),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24"}]]}"#, #","args":{"cni":{"ips":[""]}}"#, "1.0.0", "", 7,
         #"args.cni.ips[0]: invalid IP address """#),
        (#"{"ranges":[[{"subnet":"10.0.0.0/24"}]]}"#, "", "1.0.0", "IP=10.0.0.300", 4, #"CNI_ARGS: IP: invalid IP address "10.0.0.300""#),
    ] as [(String, String, String, String, UInt, String)])
    func invalidConfigurationsNameTheField(_ ipam: String, _ extra: String, _ version: String, _ args: String,
                                           _ code: UInt, _ fragment: String) {
        do {
            let config = try Self.parse(ipam, extra: extra, version: version, args: args)
            Issue.record("accepted: \(config)")
        } catch {
            #expect(error.code.rawValue == code, "\(error)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func oneAddressPerFamilyIsFineForOldVersions() throws {
        let config = try Self.parse(#"{"ranges":[[{"subnet":"10.0.0.0/24"}],[{"subnet":"fd00::/64"}]]}"#, version: "0.2.0")
        #expect(config.rangeSets.count == 2)
    }
}
