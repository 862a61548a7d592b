public import CNISpec
public import NetAddress

/// The configuration of the `host-local` IPAM plugin, parsed and validated as the reference
/// plugin's `LoadIPAMConfig` does.
///
/// IPAM plugins receive the calling plugin's whole configuration; this reads its `ipam` section
/// plus `runtimeConfig.ipRanges`, `runtimeConfig.ips`, `args.cni.ips` and the `IP` key of
/// `CNI_ARGS`. Every error names the field at fault; invalid configurations are code 7.
public struct HostLocalConfig: Sendable, Hashable {
    /// Where leases live unless `ipam.dataDir` says otherwise (the reference's default).
    public static let defaultDataDirectory = "/var/lib/cni/networks"

    /// The network name: leases live in `dataDirectory/name`.
    public var name: String
    /// `cniVersion` as written.
    public var cniVersion: String
    /// The range sets, in allocation order: `runtimeConfig.ipRanges` first, then the legacy
    /// single range of `ipam.subnet`, then `ipam.ranges` (the reference prepends in that order).
    /// A set's index names its `last_reserved_ip.N` file.
    public var rangeSets: [RangeSet]
    /// `ipam.routes`, returned as they are.
    public var routes: [Route]
    /// `ipam.dataDir`, or the default.
    public var dataDirectory: String
    /// `ipam.resolvConf`: a resolv.conf whose settings become the result's DNS; `nil` for none.
    public var resolvConf: String?
    /// Addresses the runtime asked for, in order (CNI_ARGS `IP`, then `args.cni.ips`, then
    /// `runtimeConfig.ips`), without duplicates.
    public var requestedAddresses: [IPAddress]

    /// The directory holding this network's leases.
    public var leaseDirectory: String { "\(dataDirectory)/\(name)" }

    /// Creates a configuration from its parts (for tests and other front ends).
    public init(name: String, cniVersion: String = CNIVersion.current.rawValue, rangeSets: [RangeSet],
                routes: [Route] = [], dataDirectory: String = HostLocalConfig.defaultDataDirectory,
                resolvConf: String? = nil, requestedAddresses: [IPAddress] = []) {
        self.name = name
        self.cniVersion = cniVersion
        self.rangeSets = rangeSets
        self.routes = routes
        self.dataDirectory = dataDirectory
        self.resolvConf = resolvConf
        self.requestedAddresses = requestedAddresses
    }

    /// Parses and validates a plugin configuration and the `CNI_ARGS` of the call.
    public init(config: NetworkConfig, args: CNIArgs) throws(CNIError) {
        let document: Document
        do {
            document = try Document(fields: JSONFields(.object(config.raw)))
        } catch {
            throw CNIError.wrapping(error, context: "invalid configuration")
        }
        guard let ipam = document.ipam else {
            throw CNIError(.invalidNetworkConfig, "IPAM config missing 'ipam' key")
        }
        name = document.name ?? ""
        cniVersion = document.cniVersion ?? ""
        routes = ipam.routes ?? []
        dataDirectory = (ipam.dataDir ?? "").isEmpty ? Self.defaultDataDirectory : ipam.dataDir ?? ""
        resolvConf = (ipam.resolvConf ?? "").isEmpty ? nil : ipam.resolvConf

        var requested = try RequestedAddress.parseArgument(args["IP"])
        for (index, text) in (document.args?.cni?.ips ?? []).enumerated() {
            requested.append(try RequestedAddress.parse(text, path: "args.cni.ips[\(index)]"))
        }
        for (index, text) in (document.runtimeConfig?.ips ?? []).enumerated() {
            requested.append(try RequestedAddress.parse(text, path: "runtimeConfig.ips[\(index)]"))
        }
        var seen = Set<IPAddress>()
        requestedAddresses = requested.filter { seen.insert($0).inserted }

        var definitions: [(path: String, ranges: [RangeDefinition])] = []
        for (index, set) in (document.runtimeConfig?.ipRanges ?? []).enumerated() {
            definitions.append(("runtimeConfig.ipRanges[\(index)]", set))
        }
        // The legacy single range counts only when it has a subnet, as in the reference.
        if let subnet = ipam.subnet {
            let legacy = RangeDefinition(
                subnet: subnet, rangeStart: ipam.rangeStart, rangeEnd: ipam.rangeEnd, gateway: ipam.gateway)
            definitions.append(("ipam", [legacy]))
        }
        for (index, set) in (ipam.ranges ?? []).enumerated() {
            definitions.append(("ipam.ranges[\(index)]", set))
        }
        guard !definitions.isEmpty else {
            throw CNIError(.invalidNetworkConfig, "ipam: no IP ranges specified",
                           details: "give ipam.ranges, ipam.subnet or runtimeConfig.ipRanges")
        }
        var sets: [RangeSet] = []
        for definition in definitions {
            if definition.path == "ipam" {
                // The legacy keys sit directly in `ipam`: name them there, not as `ipam[0]`.
                let range = try definition.ranges[0].validated(path: "ipam")
                sets.append(RangeSet([range], path: "ipam"))
            } else {
                sets.append(try RangeSet.validated(definition.ranges, path: definition.path))
            }
        }
        try Self.checkFamilyCount(sets, cniVersion: cniVersion)
        for (j, second) in sets.enumerated() {
            for (i, first) in sets.enumerated() where i < j && first.overlaps(second) {
                throw CNIError(.invalidNetworkConfig,
                               "\(second.path): range set \(j) overlaps with range set \(i) (\(first.path))")
            }
        }
        rangeSets = sets
    }

    /// Versions before 0.3.0 have results with one address per family.
    static func checkFamilyCount(_ sets: [RangeSet], cniVersion: String) throws(CNIError) {
        let v4 = sets.filter { $0.family == .v4 }.count
        let v6 = sets.count - v4
        guard v4 > 1 || v6 > 1 else { return }
        if let order = CNIVersion.compare(cniVersion, "0.3.0"), order >= 0 { return }
        throw CNIError(.invalidNetworkConfig,
                       "CNI version \(cniVersion) does not support more than 1 address per family")
    }

    // MARK: - The JSON shape (Go's field names, matched case-insensitively by JSONFields)

    struct Document {
        var name: String?
        var cniVersion: String?
        var ipam: IPAMSection?
        var runtimeConfig: RuntimeSection?
        var args: ArgsSection?

        init(fields: JSONFields) throws {
            name = try fields.string("name")
            cniVersion = try fields.string("cniVersion")
            ipam = try fields.fields("ipam").map(IPAMSection.init(fields:))
            runtimeConfig = try fields.fields("runtimeConfig").map(RuntimeSection.init(fields:))
            args = try fields.fields("args").map(ArgsSection.init(fields:))
        }
    }

    struct IPAMSection {
        var subnet: String?
        var rangeStart: String?
        var rangeEnd: String?
        var gateway: String?
        var routes: [Route]?
        var dataDir: String?
        var resolvConf: String?
        var ranges: [[RangeDefinition]]?

        init(fields: JSONFields) throws {
            subnet = try fields.string("subnet")
            rangeStart = try fields.string("rangeStart")
            rangeEnd = try fields.string("rangeEnd")
            gateway = try fields.string("gateway")
            routes = try fields.objects("routes", Route.init(fields:))
            dataDir = try fields.string("dataDir")
            resolvConf = try fields.string("resolvConf")
            ranges = try fields.objectArrays("ranges", RangeDefinition.init(fields:))
        }
    }

    struct RuntimeSection {
        var ipRanges: [[RangeDefinition]]?
        var ips: [String]?

        init(fields: JSONFields) throws {
            ipRanges = try fields.objectArrays("ipRanges", RangeDefinition.init(fields:))
            ips = try fields.strings("ips")
        }
    }

    struct ArgsSection {
        var cni: CNIArgsSection?

        init(fields: JSONFields) throws {
            cni = try fields.fields("cni").map(CNIArgsSection.init(fields:))
        }
    }

    struct CNIArgsSection {
        var ips: [String]?

        init(fields: JSONFields) throws {
            ips = try fields.strings("ips")
        }
    }
}

/// Requested addresses, written as an address or as an address with a prefix length (the
/// prefix is ignored), as Go's `ip.ParseIP` reads them.
enum RequestedAddress {
    static func parse(_ text: String, path: String) throws(CNIError) -> IPAddress {
        if let address = IPAddress(text) { return address }
        if text.contains("/"), let prefix = IPPrefix(text) { return prefix.address }
        throw CNIError(.invalidNetworkConfig, "\(path): invalid IP address \"\(text)\"")
    }

    /// The `IP` key of `CNI_ARGS`: one address, or several separated by commas (our extension).
    static func parseArgument(_ value: String?) throws(CNIError) -> [IPAddress] {
        guard let value, !value.isEmpty else { return [] }
        var result: [IPAddress] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            let text = String(item).trimmingWhitespace
            do {
                result.append(try parse(text, path: "CNI_ARGS: IP"))
            } catch {
                throw CNIError(.invalidEnvironment, error.message)
            }
        }
        return result
    }
}
