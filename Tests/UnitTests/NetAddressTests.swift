import NetAddress
import Testing

@Suite struct NetAddressTests {
    @Test(arguments: ["10.250.1.2", "0.0.0.0", "255.255.255.255", "127.0.0.1"])
    func ipv4RoundTrips(_ text: String) throws {
        #expect(try #require(IPv4Address(text)).description == text)
    }

    @Test(arguments: ["1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "", "a.b.c.d", "1.2.3.4 "])
    func ipv4RejectsWhatGoRejects(_ text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test(arguments: [
        ("fd00:250::1", "fd00:250::1"), ("::", "::"), ("::1", "::1"),
        ("FD00:0:0:0:0:0:0:1", "fd00::1"), ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("fe80::1:2", "fe80::1:2"), ("1:0:0:0:0:0:0:0", "1::"), ("0:0:0:0:0:0:0:1", "::1"),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"), ("1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0"),
        ("::ffff:10.1.2.3", "::ffff:10.1.2.3"), ("64:ff9b::10.0.0.1", "64:ff9b::a00:1"),
    ])
    func ipv6FormatsAsRFC5952(_ input: String, _ expected: String) throws {
        #expect(try #require(IPv6Address(input)).description == expected)
    }

    @Test(arguments: [":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1::", "1:", "fe80::1%eth0", "g::1"])
    func ipv6RejectsInvalid(_ text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test func mappedAddressParsesAsIPv4LikeGo() throws {
        #expect(IPAddress("::ffff:10.1.2.3") == .v4(IPv4Address(10, 1, 2, 3)))
    }

    @Test func prefixKeepsHostBitsAndComputesNetwork() throws {
        let prefix = try #require(IPPrefix("10.250.1.7/24"))
        #expect(prefix.description == "10.250.1.7/24")
        #expect(prefix.network.description == "10.250.1.0/24")
        #expect(prefix.lastAddress.description == "10.250.1.255")
        #expect(prefix.netmask.description == "255.255.255.0")
        #expect(prefix.contains(try #require(IPAddress("10.250.1.200"))))
        #expect(!prefix.contains(try #require(IPAddress("10.250.2.1"))))
        let v6 = try #require(IPPrefix("fd00:250::5/64"))
        #expect(v6.network.description == "fd00:250::/64")
        #expect(v6.lastAddress.description == "fd00:250::ffff:ffff:ffff:ffff")
    }

    @Test(arguments: ["10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/024", "10.0.0.0/+8", "::/129", "x/8", "10.0.0.0/"])
    func prefixRejectsInvalid(_ text: String) {
        #expect(IPPrefix(text) == nil)
    }

    @Test func arithmeticCarriesAcrossBoundaries() throws {
        #expect(IPAddress("10.0.0.255")?.next?.description == "10.0.1.0")
        #expect(IPAddress("255.255.255.255")?.next == nil)
        #expect(IPAddress("0.0.0.0")?.previous == nil)
        #expect(IPAddress("fd00::ffff:ffff:ffff:ffff")?.next?.description == "fd00:0:0:1::")
        #expect(IPAddress("fd00:0:0:1::")?.previous?.description == "fd00::ffff:ffff:ffff:ffff")
        #expect(IPAddress("10.0.0.1")?.advanced(by: 300)?.description == "10.0.1.45")
    }

    @Test(arguments: [
        ("aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff"), ("AA-BB-CC-DD-EE-FF", "aa:bb:cc:dd:ee:ff"),
        ("aabb.ccdd.eeff", "aa:bb:cc:dd:ee:ff"), ("00:00:00:00:fe:80:00:00", "00:00:00:00:fe:80:00:00"),
    ])
    func macParsesGoNotations(_ input: String, _ expected: String) throws {
        #expect(try #require(MACAddress(input)).description == expected)
    }

    @Test(arguments: ["aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:fg", "aa:bb-cc:dd:ee:ff", "aabbccddeeff", ""])
    func macRejectsInvalid(_ text: String) {
        #expect(MACAddress(text) == nil)
    }

    @Test func randomMACIsLocalUnicast() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let mac = MACAddress.random(using: &generator)
            #expect(mac.isLocallyAdministered && !mac.isMulticast)
        }
    }
}
