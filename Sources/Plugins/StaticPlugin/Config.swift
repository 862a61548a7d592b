public import CNISpec
public import NetAddress

/// The configuration of the `static` IPAM plugin, read as the reference's `LoadIPAMConfig` does.
///
/// Addresses come from `ipam.addresses`, plus `CNI_ARGS` `IP` (with `GATEWAY`); `args.cni.ips`
/// replaces them all, and `runtimeConfig.ips` replaces those in turn.
public struct StaticConfig: Sendable, Hashable {
    /// One address to return.
    public struct Address: Sendable, Hashable {
        /// The address with its prefix length (host bits kept).
        public var address: IPPrefix
        /// The gateway, if any.
        public var gateway: IPAddress?

        public init(address: IPPrefix, gateway: IPAddress? = nil) {
            self.address = address
            self.gateway = gateway
        }
    }

    /// The addresses, in order.
    public var addresses: [Address]
    /// `ipam.routes`.
    public var routes: [Route]
    /// `ipam.dns`.
    public var dns: DNS

    /// Parses and validates a configuration and the call's `CNI_ARGS`. Errors name the field;
    /// configuration errors are code 7, `CNI_ARGS` errors code 4.
    public init(config: NetworkConfig, args: CNIArgs) throws(CNIError) {
        let document: Document
        do {
            document = try JSONValueDecoder().decode(Document.self, from: .object(config.raw))
        } catch {
            throw CNIError.wrapping(error, context: "invalid configuration")
        }
        guard let ipam = document.ipam else {
            throw CNIError(.invalidNetworkConfig, "IPAM config missing 'ipam' key")
        }
        routes = ipam.routes ?? []
        dns = ipam.dns ?? DNS()

        // Configured addresses are checked last, as in the reference, so that `args` or
        // `runtimeConfig` addresses replace them before they can fail.
        var entries: [Entry] = []
        for (index, definition) in (ipam.addresses ?? []).enumerated() {
            let path = "ipam.addresses[\(index)]"
            let gateway = try Self.optionalAddress(definition.gateway, path: "\(path).gateway")
            entries.append(Entry(text: definition.address ?? "", path: "\(path).address", parsed: nil, gateway: gateway))
        }
        entries += try Self.argumentAddresses(args)
        for (source, list) in [("args.cni.ips", document.args?.cni?.ips), ("runtimeConfig.ips", document.runtimeConfig?.ips)] {
            guard let list, !list.isEmpty else { continue }
            entries = []
            for (index, text) in list.enumerated() {
                guard let prefix = IPPrefix(text) else {
                    throw CNIError(.invalidNetworkConfig,
                                   "\(source)[\(index)]: an entry in the 'ips' field is NOT in CIDR notation, got: '\(text)'")
                }
                entries.append(Entry(text: text, path: "\(source)[\(index)]", parsed: prefix, gateway: nil))
            }
        }
        addresses = []
        for entry in entries {
            guard let prefix = entry.parsed ?? IPPrefix(entry.text) else {
                throw CNIError(.invalidNetworkConfig,
                               "\(entry.path): the 'address' field is expected to be in CIDR notation, got: '\(entry.text)'")
            }
            addresses.append(Address(address: prefix, gateway: entry.gateway))
        }
        let v4 = addresses.filter { $0.address.family == .v4 }.count
        if v4 > 1 || addresses.count - v4 > 1 {
            let version = document.cniVersion ?? ""
            if (CNIVersion.compare(version, "0.3.0") ?? -1) < 0 {
                throw CNIError(.invalidNetworkConfig,
                               "CNI version \(version) does not support more than 1 address per family")
            }
        }
    }

    /// The result ADD returns.
    public func result(version: CNIVersion) -> Result100 {
        Result100(
            cniVersion: version.resultFormat == .v1 ? version : .v1_0_0,
            ips: addresses.map { IPConfig(address: $0.address, gateway: $0.gateway) },
            routes: routes, dns: dns)
    }

    /// `IP` and `GATEWAY` from `CNI_ARGS`: comma-separated lists. A gateway applies to every
    /// `IP` address whose subnet contains it (the last such gateway wins).
    static func argumentAddresses(_ args: CNIArgs) throws(CNIError) -> [Entry] {
        var entries: [Entry] = []
        if let value = args["IP"], !value.isEmpty {
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                let text = String(item).trimmingSpaces
                guard let prefix = IPPrefix(text) else {
                    throw CNIError(.invalidEnvironment,
                                   "CNI_ARGS: IP: the 'ip' field is expected to be in CIDR notation, got: '\(text)'")
                }
                entries.append(Entry(text: text, path: "CNI_ARGS: IP", parsed: prefix, gateway: nil))
            }
        }
        if let value = args["GATEWAY"], !value.isEmpty {
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard let gateway = IPAddress(String(item).trimmingSpaces) else {
                    throw CNIError(.invalidEnvironment, "CNI_ARGS: GATEWAY: invalid gateway address: \(item)")
                }
                for index in entries.indices where entries[index].parsed?.contains(gateway) == true {
                    entries[index].gateway = gateway
                }
            }
        }
        return entries
    }

    static func optionalAddress(_ text: String?, path: String) throws(CNIError) -> IPAddress? {
        guard let text, !text.isEmpty else { return nil }
        guard let address = IPAddress(text) else {
            throw CNIError(.invalidNetworkConfig, "\(path): invalid IP address \"\(text)\"")
        }
        return address
    }

    /// An address before validation.
    struct Entry {
        var text: String
        var path: String
        var parsed: IPPrefix?
        var gateway: IPAddress?
    }

    // MARK: - The JSON shape

    struct Document: Decodable {
        var cniVersion: String?
        var ipam: IPAMSection?
        var runtimeConfig: RuntimeSection?
        var args: ArgsSection?
    }

    struct IPAMSection: Decodable {
        var routes: [Route]?
        var addresses: [AddressDefinition]?
        var dns: DNS?
    }

    struct AddressDefinition: Decodable {
        var address: String?
        var gateway: String?
    }

    struct RuntimeSection: Decodable {
        var ips: [String]?
    }

    struct ArgsSection: Decodable {
        var cni: CNIArgsSection?
    }

    struct CNIArgsSection: Decodable {
        var ips: [String]?
    }
}

extension String {
    /// Without leading and trailing whitespace (Go's `strings.TrimSpace` for ASCII text).
    var trimmingSpaces: String {
        let bytes = Array(utf8)
        let isSpace = { (b: UInt8) in b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
