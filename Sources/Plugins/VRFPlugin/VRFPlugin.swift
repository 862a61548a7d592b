public import CNISkel
public import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// `vrf`: a chained plugin that puts the interface an earlier plugin made into a VRF in the
/// container (created on first use, removed when its last interface leaves), so the
/// container's routing for it happens in the VRF's own table; a drop-in for the reference
/// plugin.
public struct VRFPlugin: CNIPlugin {
    public init() {}

    public var about: String { "CNI vrf plugin (swift-cni)" }

    /// As the reference: from 0.3.1, the first version with chaining.
    public var supportedVersions: [CNIVersion] { CNIVersion.allCases.filter { $0 >= .v0_3_1 } }

    /// The reference never reads `CNI_ARGS`, so no key may fail a call.
    public func knownArgs(for command: CNICommand) -> [String]? { nil }

    /// ADD: the VRF (made if missing), the interface into it, its routes into the VRF's table.
    /// Returns the previous result unchanged.
    public func add(_ request: PluginRequest) throws -> AnyCNIResult {
        let config = try VRFConfig(request)
        let result = try VRFConfig.previousResult(request).asCurrent()
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        let netlink = namespaces.containerNetlink
        let rollback = Rollback()
        defer { rollback.runUnlessCommitted() }
        let (vrf, table, created) = try VRFDevice.ensure(config, netlink: netlink)
        if created { rollback.add("delete VRF \(config.name)") { try netlink.deleteLink(.index(vrf.index)) } }
        try VRFEnslave(netlink: netlink, vrf: vrf, table: table).run(interfaceName: request.interfaceName, rollback: rollback)
        rollback.commit()
        return .v1(result)
    }

    /// DEL: the interface out of the VRF, and the VRF gone once no interface is left in it.
    /// A missing namespace, VRF or interface is not an error, nor is a configuration naming no VRF
    /// (``VRFDeleteConfig``).
    public func delete(_ request: PluginRequest) throws {
        guard let name = VRFDeleteConfig(request.config).name,
              let namespaces = try PluginNamespaces.openForDelete(containerPath: request.netns) else { return }
        let netlink = namespaces.containerNetlink
        let vrf = try VRFDevice.call("vrf DEL") { () throws(NetlinkError) in try netlink.linkIfPresent(.name(name)) }
        guard let vrf else { return }
        guard case .vrf? = vrf.info?.kind else { throw CNIError(.internal, "\(name) exists but is not a VRF") }
        try VRFDevice.call("vrf DEL: release \(request.interfaceName)") { () throws(NetlinkError) in
            if let member = try netlink.linkIfPresent(.name(request.interfaceName)), member.masterIndex == vrf.index {
                try netlink.setMaster(nil, of: .index(member.index))  // ip link set IFNAME nomaster
            }
        }
        try VRFDevice.deleteIfUnused(vrf, netlink: netlink)
    }

    /// CHECK: the VRF exists and the interface is in it.
    public func check(_ request: PluginRequest) throws {
        let config = try VRFConfig(request)
        _ = try VRFConfig.previousResult(request)
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        let netlink = namespaces.containerNetlink
        let (vrf, member) = try VRFDevice.call("vrf CHECK") { () throws(NetlinkError) in
            (try netlink.linkIfPresent(.name(config.name)), try netlink.linkIfPresent(.name(request.interfaceName)))
        }
        guard let vrf, case .vrf? = vrf.info?.kind else { throw CNIError(.internal, "VRF \(config.name) not found") }
        guard let member, member.masterIndex == vrf.index else {
            throw CNIError(.internal, "failed to find \(request.interfaceName) associated to vrf \(config.name)")
        }
    }
}
