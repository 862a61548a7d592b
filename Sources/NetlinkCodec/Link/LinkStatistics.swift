/// Interface counters (`struct rtnl_link_stats64` in `IFLA_STATS64`): 64-bit values in host order,
/// in the kernel's field order. Newer kernels append fields; older ones send fewer, and absent
/// counters read as 0.
public struct LinkStatistics: Hashable, Sendable {
    /// Packets received.
    public var rxPackets: UInt64
    /// Packets sent.
    public var txPackets: UInt64
    /// Bytes received.
    public var rxBytes: UInt64
    /// Bytes sent.
    public var txBytes: UInt64
    /// Receive errors.
    public var rxErrors: UInt64
    /// Transmit errors.
    public var txErrors: UInt64
    /// Received packets dropped.
    public var rxDropped: UInt64
    /// Packets dropped on transmit.
    public var txDropped: UInt64
    /// Multicast packets received.
    public var multicast: UInt64
    /// Collisions.
    public var collisions: UInt64
    /// Every counter in wire order (`rx_length_errors`, `rx_over_errors`, ... included).
    public var counters: [UInt64]

    /// Decodes the structure (at least the first ten counters must be present).
    public init(decoding payload: [UInt8]) throws(NetlinkDecodingError) {
        let count = payload.count / 8
        guard count >= 10 else { throw .truncated("rtnl_link_stats64", need: 80, have: payload.count) }
        counters = (0..<count).map { payload.loadLittleEndian(UInt64.self, at: $0 * 8) ?? 0 }
        rxPackets = counters[0]
        txPackets = counters[1]
        rxBytes = counters[2]
        txBytes = counters[3]
        rxErrors = counters[4]
        txErrors = counters[5]
        rxDropped = counters[6]
        txDropped = counters[7]
        multicast = counters[8]
        collisions = counters[9]
    }
}
