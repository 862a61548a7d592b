public import NetAddress

/// One path of a multipath route (`struct rtnexthop` and its attributes, inside `RTA_MULTIPATH`).
///
/// ```
///  0         2        3        4               8
///  +---------+--------+--------+---------------+-- attributes (RTA_GATEWAY, ...)
///  | len     | flags  | hops   | ifindex (s32) |
///  +---------+--------+--------+---------------+--
/// ```
/// `rtnh_hops` is the weight minus one. `ip route add P nexthop via G dev D weight W ...`
public struct NextHop: Hashable, Sendable {
    /// The gateway.
    public var gateway: IPAddress?
    /// The output interface.
    public var interfaceIndex: Int32
    /// The weight, 1 to 256.
    public var weight: Int
    /// `RTNH_F_*` flags (`onLink`, `dead`, `linkDown`).
    public var flags: RouteFlags
    /// Other next-hop attributes, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates a next hop.
    public init(gateway: IPAddress?, interfaceIndex: Int32, weight: Int = 1, flags: RouteFlags = []) {
        self.gateway = gateway
        self.interfaceIndex = interfaceIndex
        self.weight = weight
        self.flags = flags
        otherAttributes = NetlinkAttributeList()
    }

    /// The size of `struct rtnexthop`.
    static let headerSize = 8

    func encode(into bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.appendLittleEndian(UInt16(0))
        bytes.append(UInt8(truncatingIfNeeded: flags.rawValue))
        bytes.append(UInt8(clamping: max(weight, 1) - 1))
        bytes.appendLittleEndian(interfaceIndex)
        var writer = AttributeWriter(capacity: 32)
        if let gateway { writer.attribute(Route.AttributeType.gateway, gateway) }
        for attribute in otherAttributes { writer.attribute(attribute) }
        bytes.append(contentsOf: writer.bytes)
        bytes.storeLittleEndian(UInt16(bytes.count - start), at: start)
    }

    static func decodeList(_ payload: [UInt8]) throws(NetlinkDecodingError) -> [NextHop] {
        var hops: [NextHop] = []
        var offset = 0
        while payload.count - offset >= headerSize {
            guard let length = payload.loadLittleEndian(UInt16.self, at: offset),
                  let index = payload.loadLittleEndian(Int32.self, at: offset + 4),
                  Int(length) >= headerSize, offset + Int(length) <= payload.count
            else { throw NetlinkDecodingError("rtnexthop", "bad length at offset \(offset)") }
            var hop = NextHop(
                gateway: nil, interfaceIndex: index, weight: Int(payload[offset + 3]) + 1,
                flags: RouteFlags(rawValue: UInt32(payload[offset + 2])))
            let attributes = try NetlinkAttributeList(parsing: payload[(offset + headerSize)..<(offset + Int(length))])
            for attribute in attributes {
                if attribute.type == Route.AttributeType.gateway.rawValue {
                    hop.gateway = try attribute.ipAddress()
                } else {
                    hop.otherAttributes.append(attribute)
                }
            }
            hops.append(hop)
            offset += netlinkAligned(Int(length))
        }
        return hops
    }
}
