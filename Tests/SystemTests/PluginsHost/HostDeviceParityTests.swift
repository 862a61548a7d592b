import CNISpec
import TestSupport
import Testing

/// Our host-device against Debian's reference (v1.1.1): the device is a veth end in a host
/// namespace of the test's own, selected by each key the reference knows; results, kernel
/// state after ADD and after DEL (back under its name, with its alias), CHECK and a second DEL
/// compared for each version.
@Suite struct HostDeviceParityTests {
    /// `aph0` is the device; its peer `aph1` stays on the host side, up, so `aph0` has a carrier
    /// in the container. Its name sorts before `lo`, so it is the first device under
    /// `/sys/devices/virtual/net` for `kernelpath`.
    static let prepare = """
        ip link add aph0 type veth peer name aph1
        ip link set aph0 address 02:00:00:00:12:01 mtu 1450
        ip addr add 10.250.125.9/24 dev aph0
        ip link set aph1 up
        ip link set aph0 up
        """

    /// Each case: a name, the configuration, and whether the reference's CHECK fails on its own
    /// ADD. v1.1.1 looks a result's route without `gw` up as a route without a gateway, but
    /// ADD installed it through the default gateway, so its CHECK fails; ours accepts the route
    /// through any gateway (`docs/differences.md`).
    static let cases: [(String, String, Bool)] = [
        ("by name, no IPAM", #"""
            {"cniVersion":"{VERSION}","name":"phhd","type":"host-device","device":"aph0"}
            """#, false),
        ("by MAC, host-local, routes, DNS", #"""
            {"cniVersion":"{VERSION}","name":"phhd","type":"host-device","hwaddr":"02:00:00:00:12:01",
             "dns":{"nameservers":["10.250.126.53"]},
             "ipam":{"type":"host-local","dataDir":"{DATA}","ranges":[[{"subnet":"10.250.126.0/24"}]],"routes":[{"dst":"10.250.136.0/24"}]}}
            """#, true),
        ("by kernel path, static dual stack", #"""
            {"cniVersion":"{VERSION}","name":"phhd","type":"host-device","kernelpath":"/sys/devices/virtual",
             "ipam":{"type":"static","addresses":[{"address":"10.250.127.5/24","gateway":"10.250.127.1"},{"address":"fd00:250:127::5/64"}],
                     "routes":[{"dst":"0.0.0.0/0"}]}}
            """#, false),
    ]

    @Test(arguments: cases.indices, ["0.3.1", "0.4.0", "1.0.0"])
    func lifecycleMatchesTheReference(_ index: Int, _ version: String) throws {
        let (name, template, referenceCheckFails) = Self.cases[index]
        let (go, ours) = try AttachmentLifecycle.compare(
            ParityCase(name: name, plugin: "host-device", template: template, version: version, prepare: Self.prepare))
        #expect(go.result["failed"] == nil, "the reference failed on \(name) \(version): \(go)")
        // The reference fails a second DEL (the link is no longer in the container); ours succeeds.
        if referenceCheckFails && version != "0.3.1" { #expect(go.checkStatus != 0 && ours.checkStatus == 0, "CHECK of \(name) \(version)") }
        let differences = AttachmentLifecycle.differences(
            go: go, ours: ours, ignoring: referenceCheckFails ? ["second DEL", "check"] : ["second DEL"],
            allowing: ParityAllowances.of("host-device"))
        #expect(ours.secondDeleteStatus == 0, "second DEL of \(name) \(version) failed")
        #expect(differences.isEmpty, "\(name) \(version):\n\(differences.joined(separator: "\n"))")
    }
}
