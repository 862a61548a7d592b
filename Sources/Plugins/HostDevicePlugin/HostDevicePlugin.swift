public import CNISkel
public import CNISpec
import PluginKit

/// `host-device`: moves an existing host link (by name, MAC, sysfs path or PCI address) into
/// the container under `CNI_IFNAME`, optionally with addresses from IPAM, and back on DEL.
/// A drop-in for the reference plugin.
public struct HostDevicePlugin: CNIPlugin {
    private let lookup: HostDeviceLookup

    public init() { lookup = HostDeviceLookup() }

    /// A plugin reading sysfs under `sysfsRoot` instead of `/sys` (for tests of the PCI lookup).
    public init(sysfsRoot: String) { lookup = HostDeviceLookup(sysfs: sysfsRoot) }

    public var about: String { "CNI host-device plugin (swift-cni)" }

    /// The reference does not read `CNI_ARGS`; keys there are for the IPAM plugin.
    public func knownArgs(for command: CNICommand) -> [String]? { nil }

    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        .v1(try HostDeviceAdd(config: try HostDeviceConfig(request.config), request: request, lookup: lookup).run())
    }

    public func delete(_ request: PluginRequest) throws {
        try HostDeviceDelete(config: HostDeviceDeleteConfig(request.config), request: request, lookup: lookup).run()
    }

    public func check(_ request: PluginRequest) throws {
        try HostDeviceCheck(config: try HostDeviceConfig(request.config), request: request, lookup: lookup).run()
    }

    /// GC and STATUS go to the IPAM plugin, which holds the only state that outlives containers.
    public func garbageCollect(_ request: PluginRequest) throws {
        try IPAMAllocation.forward(.garbageCollect, request, ipamType: try HostDeviceConfig(request.config).ipamType)
    }

    public func status(_ request: PluginRequest) throws {
        try IPAMAllocation.forward(.status, request, ipamType: try HostDeviceConfig(request.config).ipamType)
    }
}
