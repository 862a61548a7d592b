public import CNISpec
import NetAddress

/// A range as written in a configuration (`ipam.ranges[i][j]`, `runtimeConfig.ipRanges[i][j]`,
/// or the legacy `subnet`/`rangeStart`/`rangeEnd`/`gateway` keys of `ipam`): text, checked by
/// ``validated(path:)``.
public struct RangeDefinition: Decodable, Sendable, Hashable {
    /// The subnet in CIDR notation.
    public var subnet: String?
    /// The first address to hand out.
    public var rangeStart: String?
    /// The last address to hand out.
    public var rangeEnd: String?
    /// The gateway.
    public var gateway: String?

    /// A definition from its texts.
    public init(subnet: String?, rangeStart: String? = nil, rangeEnd: String? = nil, gateway: String? = nil) {
        self.subnet = subnet
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.gateway = gateway
    }

    /// Reads a definition (unknown keys ignored, Go's key matching).
    public init(fields: JSONFields) throws {
        subnet = try fields.string("subnet")
        rangeStart = try fields.string("rangeStart")
        rangeEnd = try fields.string("rangeEnd")
        gateway = try fields.string("gateway")
    }

    public init(from decoder: any Decoder) throws { try self.init(fields: JSONFields(decoding: decoder)) }

    /// The range with defaults filled in, checked as the reference checks it (`Range.Canonicalize`);
    /// errors are code 7 and name the field under `path`.
    public func validated(path: String) throws(CNIError) -> AllocationRange {
        func invalid(_ field: String, _ message: String) -> CNIError {
            CNIError(.invalidNetworkConfig, "\(path).\(field): \(message)")
        }
        guard let subnetText = subnet else { throw invalid("subnet", "missing subnet") }
        guard let given = IPPrefix(subnetText) else { throw invalid("subnet", "invalid CIDR address \"\(subnetText)\"") }
        let totalBits = given.address.bitWidth
        // An IPv4-mapped IPv6 subnet (`::ffff:10.0.0.0/120`) is an IPv4 address with an IPv6 mask
        // to Go, which refuses the pair; judge its size by the mask as written.
        let isMapped = given.family == .v4 && subnetText.contains(":")
        let writtenLength = isMapped ? given.prefixLength + 96 : given.prefixLength
        let writtenBits = isMapped ? 128 : totalBits
        if writtenLength > writtenBits - 2 {
            throw invalid("subnet", "network \(subnetText) too small to allocate from")
        }
        if isMapped { throw invalid("subnet", "network \(subnetText) mixes an IPv4 address with an IPv6 mask") }
        let network = given.network
        if network.address != given.address {
            throw invalid("subnet", "network has host bits set: for a subnet mask of length \(given.prefixLength) "
                + "the network address is \(network.address)")
        }
        let firstHost = network.address.next ?? network.address
        let gatewayAddress = try Self.address(gateway, field: "gateway", path: path) ?? firstHost

        let start: IPAddress
        let end = try Self.address(rangeEnd, field: "rangeEnd", path: path)
        if let given = try Self.address(rangeStart, field: "rangeStart", path: path) {
            guard given.family == network.family, network.contains(given) else {
                throw invalid("rangeStart", "\(given) not in network \(network)")
            }
            if let end, end.family == given.family, end < given {
                throw invalid("rangeStart", "\(given) is after rangeEnd \(end)")
            }
            start = given
        } else {
            start = firstHost
        }
        let last: IPAddress
        if let end {
            guard end.family == network.family, network.contains(end) else {
                throw invalid("rangeEnd", "\(end) not in network \(network)")
            }
            if end < start { throw invalid("rangeEnd", "\(end) is before rangeStart \(start)") }
            last = end
        } else {
            // The last address of the subnet, but never the IPv4 broadcast address.
            let top = network.lastAddress
            last = network.family == .v4 ? (top.previous ?? top) : top
        }
        return AllocationRange(subnet: network, rangeStart: start, rangeEnd: last, gateway: gatewayAddress)
    }

    /// An optional address: absent or `""` is none (as Go's `net.IP` reads it), anything else must parse.
    static func address(_ text: String?, field: String, path: String) throws(CNIError) -> IPAddress? {
        guard let text, !text.isEmpty else { return nil }
        guard let address = IPAddress(text) else {
            throw CNIError(.invalidNetworkConfig, "\(path).\(field): invalid IP address \"\(text)\"")
        }
        return address
    }
}

extension RangeSet {
    /// Validates the ranges of one set as the reference does (`RangeSet.Canonicalize`): at least
    /// one range, one family, no two ranges overlapping.
    public static func validated(_ definitions: [RangeDefinition], path: String) throws(CNIError) -> RangeSet {
        guard !definitions.isEmpty else { throw CNIError(.invalidNetworkConfig, "\(path): empty range set") }
        var ranges: [AllocationRange] = []
        for (index, definition) in definitions.enumerated() {
            let range = try definition.validated(path: "\(path)[\(index)]")
            if let first = ranges.first, first.family != range.family {
                throw CNIError(.invalidNetworkConfig, "\(path)[\(index)]: mixed address families")
            }
            ranges.append(range)
        }
        for (i, first) in ranges.enumerated() {
            for (j, second) in ranges.enumerated() where j > i && first.overlaps(second) {
                throw CNIError(.invalidNetworkConfig, "\(path)[\(j)]: subnets \(first) and \(second) overlap")
            }
        }
        return RangeSet(ranges, path: path)
    }
}
