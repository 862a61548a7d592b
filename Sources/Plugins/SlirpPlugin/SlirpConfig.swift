import CNISpec
import NetAddress

/// The `slirp` plugin's configuration.
///
/// ```json
/// {"type": "slirp", "mtu": 1500, "backend": "slirp4netns", "enableIPv6": false,
///  "disableHostLoopback": false, "cidr": "10.0.2.0/24", "enableSandbox": false,
///  "enableSeccomp": false, "outboundAddr": "", "disableDNS": false,
///  "capabilities": {"portMappings": true}}
/// ```
struct SlirpConfig: Sendable {
    /// Which user-mode network stack runs the namespace's traffic.
    enum Backend: String, Sendable {
        case slirp4netns
        case pasta
    }

    var backend: Backend
    var mtu: Int
    var enableIPv6: Bool
    var disableHostLoopback: Bool
    var network: IPPrefix
    var enableSandbox: Bool
    var enableSeccomp: Bool
    var outboundAddress: IPAddress?
    var disableDNS: Bool
    /// Where process records and API sockets live; defaults depend on who runs the plugin.
    var stateDirectory: String?

    /// The keys as they appear in JSON (matched case-insensitively, as Go does).
    private struct Keys: Decodable {
        var backend: String?
        var mtu: Int?
        var enableIPv6: Bool?
        var disableHostLoopback: Bool?
        var cidr: String?
        var enableSandbox: Bool?
        var enableSeccomp: Bool?
        var outboundAddr: String?
        var disableDNS: Bool?
        var stateDir: String?
    }

    /// The MTU range slirp4netns accepts.
    static let mtuRange = 1500...65521

    init(_ config: NetworkConfig) throws(CNIError) {
        let keys = try config.decode(Keys.self)
        guard let backend = Backend(rawValue: keys.backend ?? "slirp4netns") else {
            throw CNIError(.invalidNetworkConfig,
                           "invalid \"backend\" \"\(keys.backend ?? "")\": must be \"slirp4netns\" or \"pasta\"")
        }
        self.backend = backend
        // Not positive means the default, as `mtu` does for the other plugins (ConfigValues.mtu).
        mtu = keys.mtu.flatMap { $0 > 0 ? $0 : nil } ?? 1500
        guard Self.mtuRange.contains(mtu) else {
            throw CNIError(.invalidNetworkConfig, "invalid \"mtu\" \(mtu): must be between 1500 and 65521")
        }
        let cidr = keys.cidr ?? "10.0.2.0/24"
        guard let network = IPPrefix(cidr), network.family == .v4, network.prefixLength <= 25 else {
            throw CNIError(.invalidNetworkConfig, "invalid \"cidr\" \"\(cidr)\": must be an IPv4 network of /25 or larger")
        }
        self.network = network.network
        enableIPv6 = keys.enableIPv6 ?? false
        disableHostLoopback = keys.disableHostLoopback ?? false
        enableSandbox = keys.enableSandbox ?? false
        enableSeccomp = keys.enableSeccomp ?? false
        disableDNS = keys.disableDNS ?? false
        stateDirectory = keys.stateDir.flatMap { $0.isEmpty ? nil : $0 }
        if let text = keys.outboundAddr, !text.isEmpty {
            guard let address = IPAddress(text), address.isIPv4 else {
                throw CNIError(.invalidNetworkConfig, "invalid \"outboundAddr\" \"\(text)\": must be an IPv4 address")
            }
            outboundAddress = address
        }
        if backend == .pasta && (enableSandbox || enableSeccomp) {
            throw CNIError(.invalidNetworkConfig,
                           "\"enableSandbox\" and \"enableSeccomp\" are slirp4netns options; pasta sandboxes itself")
        }
    }

    /// The addresses slirp uses inside its network: the container (.100), the gateway that
    /// leads to the host (.2) and the DNS forwarder (.3).
    var containerAddress: IPPrefix { host(100) }
    var gateway: IPAddress { host(2).address }
    var dnsServer: IPAddress { host(3).address }

    private func host(_ number: Int) -> IPPrefix {
        let address = network.firstAddress.advanced(by: number) ?? network.firstAddress
        return IPPrefix(address: address, prefixLength: network.prefixLength) ?? network
    }

    /// The IPv6 side slirp4netns uses when enabled.
    static let ipv6Container = IPPrefix("fd00::100/64")!
    static let ipv6Gateway = IPAddress("fd00::2")!
    static let ipv6DNS = IPAddress("fd00::3")!
}

/// What slirp's DEL needs of a configuration: where the attachment's state file is. Nothing
/// else is validated, so a configuration ADD refuses still deletes; a `stateDir` of the wrong
/// type reads as absent.
struct SlirpDeleteConfig: Sendable {
    var stateDirectory: String?

    private struct Keys: Decodable {
        var stateDir: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            stateDir = try? container.decodeIfPresent(String.self, forKey: .stateDir)
        }

        private enum CodingKeys: String, CodingKey { case stateDir }
    }

    init(_ config: NetworkConfig) {
        stateDirectory = (try? config.decode(Keys.self))?.stateDir.flatMap { $0.isEmpty ? nil : $0 }
    }
}
