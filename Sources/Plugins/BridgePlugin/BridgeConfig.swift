import CNISkel
import CNISpec
import NetAddress
import PluginKit

/// The `bridge` plugin's configuration, with the reference plugin's keys and defaults.
struct BridgeConfig: Sendable {
    var bridgeName: String
    var isGateway: Bool
    var isDefaultGateway: Bool
    var forceAddress: Bool
    var ipMasquerade: Bool
    var mtu: UInt32?
    var hairpinMode: Bool
    var promiscuousMode: Bool
    var vlan: UInt16
    var vlanTrunk: [UInt16]
    var preserveDefaultVLAN: Bool
    var macSpoofCheck: Bool
    var enableDAD: Bool
    var disableContainerInterface: Bool
    var portIsolation: Bool
    var mac: MACAddress?
    var ipamType: String
    var dns: DNS?

    /// The JSON keys (matched case-insensitively, as Go does).
    private struct Keys {
        var bridge: String?
        var isGateway: Bool?
        var isDefaultGateway: Bool?
        var forceAddress: Bool?
        var ipMasq: Bool?
        var mtu: Int?
        var hairpinMode: Bool?
        var promiscMode: Bool?
        var vlan: Int?
        var vlanTrunk: [Trunk]?
        var preserveDefaultVlan: Bool?
        var macspoofchk: Bool?
        var enabledad: Bool?
        var disableContainerInterface: Bool?
        var portIsolation: Bool?
        var argsMAC: String?
        var runtimeConfigMAC: String?

        struct Trunk {
            var minID: Int?
            var maxID: Int?
            var id: Int?
        }

        init(fields: JSONFields) throws {
            bridge = try fields.string("bridge")
            isGateway = try fields.bool("isGateway")
            isDefaultGateway = try fields.bool("isDefaultGateway")
            forceAddress = try fields.bool("forceAddress")
            ipMasq = try fields.bool("ipMasq")
            mtu = try fields.int("mtu")
            hairpinMode = try fields.bool("hairpinMode")
            promiscMode = try fields.bool("promiscMode")
            vlan = try fields.int("vlan")
            vlanTrunk = try fields.objects("vlanTrunk") { trunk in
                Trunk(minID: try trunk.int("minID"), maxID: try trunk.int("maxID"), id: try trunk.int("id"))
            }
            preserveDefaultVlan = try fields.bool("preserveDefaultVlan")
            macspoofchk = try fields.bool("macspoofchk")
            enabledad = try fields.bool("enabledad")
            disableContainerInterface = try fields.bool("disableContainerInterface")
            portIsolation = try fields.bool("portIsolation")
            argsMAC = try fields.fields("args")?.fields("cni")?.string("mac")
            runtimeConfigMAC = try fields.fields("runtimeConfig")?.string("mac")
        }
    }

    /// `CNI_ARGS` keys the bridge understands.
    static let knownArgs: [String] = ["MAC", "IP", "K8S_POD_NAME", "K8S_POD_NAMESPACE", "K8S_POD_INFRA_CONTAINER_ID", "K8S_POD_UID"]

    init(_ request: PluginRequest) throws(CNIError) {
        let keys = try request.config.read(Keys.init(fields:))
        bridgeName = keys.bridge.flatMap { $0.isEmpty ? nil : $0 } ?? "cni0"
        guard bridgeName.utf8.count <= 15, !bridgeName.contains("/"), !bridgeName.contains(" ") else {
            throw CNIError(.invalidNetworkConfig, "invalid \"bridge\" name \"\(bridgeName)\"")
        }
        isDefaultGateway = keys.isDefaultGateway ?? false
        isGateway = (keys.isGateway ?? false) || isDefaultGateway
        forceAddress = keys.forceAddress ?? false
        ipMasquerade = keys.ipMasq ?? false
        mtu = try ConfigValues.mtu(keys.mtu)
        hairpinMode = keys.hairpinMode ?? false
        promiscuousMode = keys.promiscMode ?? false
        if hairpinMode && promiscuousMode {
            throw CNIError(.invalidNetworkConfig, "cannot set hairpin mode and promiscuous mode at the same time")
        }
        let vlan = keys.vlan ?? 0
        guard (0...4094).contains(vlan) else {
            throw CNIError(.invalidNetworkConfig, "invalid VLAN ID \(vlan) (must be between 0 and 4094)")
        }
        self.vlan = UInt16(vlan)
        vlanTrunk = try Self.trunk(keys.vlanTrunk ?? [])
        preserveDefaultVLAN = keys.preserveDefaultVlan ?? true  // the reference's default: ports keep VLAN 1
        macSpoofCheck = keys.macspoofchk ?? false
        enableDAD = keys.enabledad ?? false
        disableContainerInterface = keys.disableContainerInterface ?? false
        portIsolation = keys.portIsolation ?? false
        ipamType = request.config.ipamType
        dns = request.config.dns.flatMap { $0.isEmpty ? nil : $0 }
        if !ipamType.isEmpty && disableContainerInterface {
            throw CNIError(.invalidNetworkConfig, "cannot use IPAM when DisableContainerInterface flag is set")
        }
        // The MAC: CNI_ARGS, overridden by args.cni.mac, overridden by runtimeConfig.mac.
        let candidates: [(String, String?)] = [
            ("CNI_ARGS MAC", request.args["MAC"]), ("args.cni.mac", keys.argsMAC),
            ("runtimeConfig.mac", keys.runtimeConfigMAC),
        ]
        for (field, value) in candidates {
            guard let value, !value.isEmpty else { continue }
            guard let mac = MACAddress(value), mac.bytes.count == 6 else {
                throw CNIError(.invalidNetworkConfig, "invalid \(field) \"\(value)\"")
            }
            self.mac = mac
        }
    }

    /// The VLAN IDs of `vlanTrunk`, each range expanded; IDs must be 1 to 4094.
    private static func trunk(_ entries: [Keys.Trunk]) throws(CNIError) -> [UInt16] {
        var ids: [UInt16] = []
        for (index, entry) in entries.enumerated() {
            let field = "vlanTrunk[\(index)]"
            if let id = entry.id {
                guard (1...4094).contains(id) else {
                    throw CNIError(.invalidNetworkConfig, "\(field).id \(id): incorrect trunk id parameter")
                }
                ids.append(UInt16(id))
            } else if let low = entry.minID, let high = entry.maxID {
                guard (1...4094).contains(low), (1...4094).contains(high), low <= high else {
                    throw CNIError(.invalidNetworkConfig, "\(field): incorrect trunk minID \(low) / maxID \(high) parameter")
                }
                ids += (low...high).map { UInt16($0) }
            } else {
                throw CNIError(.invalidNetworkConfig, "\(field): needs \"id\", or \"minID\" and \"maxID\"")
            }
        }
        return Array(Set(ids)).sorted()
    }

    /// Whether the bridge needs VLAN filtering.
    var usesVLANs: Bool { vlan != 0 || !vlanTrunk.isEmpty }
}

/// What the bridge's DEL needs of a configuration: whom to ask to release the addresses, and
/// which of the attachment's nftables rules may exist. Nothing else is validated, so a
/// configuration ADD refuses still deletes (a runtime retries a failing DEL for ever). A key of
/// the wrong type reads as absent: ADD refused it, so it made nothing.
struct BridgeDeleteConfig: Sendable {
    var ipamType: String
    var ipMasquerade: Bool
    var macSpoofCheck: Bool

    init(_ config: NetworkConfig) {
        let fields = try? JSONFields(.object(config.raw))
        func flag(_ key: String) -> Bool { (try? fields?.bool(key)) ?? false }
        ipamType = config.ipamType
        ipMasquerade = flag("ipMasq")
        macSpoofCheck = flag("macspoofchk")
    }
}
