import CNISkel
import CNISpec

/// The `vrf` plugin's configuration, with the reference plugin's keys.
struct VRFConfig: Sendable {
    /// The VRF device in the container.
    var name: String
    /// Its routing table; `nil` lets ADD pick the lowest one no other VRF there uses.
    var table: UInt32?

    /// The JSON keys (matched case-insensitively, as Go does).
    private struct Keys: Decodable {
        var vrfname: String?
        var table: UInt32?
    }

    init(_ request: PluginRequest) throws(CNIError) {
        let keys = try request.decodeConfig(Keys.self)
        name = keys.vrfname ?? ""
        guard !name.isEmpty else {
            throw CNIError(.invalidNetworkConfig, "configuration is expected to have a valid vrf name: \"vrfname\" is missing")
        }
        guard name.utf8.count <= 15, !name.contains("/"), !name.contains(" "), name != ".", name != ".." else {
            throw CNIError(.invalidNetworkConfig, "invalid \"vrfname\" \"\(name)\": not a valid interface name")
        }
        if let table = keys.table, table != 0 {
            self.table = table
        }
    }

    /// `prevResult`, which ADD and CHECK need: the plugin only changes an interface an earlier
    /// plugin made.
    static func previousResult(_ request: PluginRequest) throws(CNIError) -> AnyCNIResult {
        guard let previous = try request.prevResult() else {
            throw CNIError(.invalidNetworkConfig, "missing prevResult from earlier plugin")
        }
        return previous
    }
}

/// What vrf's DEL needs of a configuration: the VRF's name, or `nil` when the configuration
/// names none a link could have (missing, of the wrong type, not a valid interface name): ADD
/// refused such a configuration, so there is no VRF to leave. Nothing else is validated.
struct VRFDeleteConfig: Sendable {
    var name: String?

    private struct Keys: Decodable {
        var vrfname: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            vrfname = try? container.decodeIfPresent(String.self, forKey: .vrfname)
        }

        private enum CodingKeys: String, CodingKey { case vrfname }
    }

    init(_ config: NetworkConfig) {
        let name = (try? config.decode(Keys.self))?.vrfname ?? ""
        let isLinkName = !name.isEmpty && name.utf8.count <= 15 && !name.contains("/") && !name.contains(" ")
            && name != "." && name != ".."
        self.name = isLinkName ? name : nil
    }
}
