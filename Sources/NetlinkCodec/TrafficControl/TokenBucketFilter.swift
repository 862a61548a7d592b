/// Options of the token bucket filter qdisc (`tbf`, `TCA_TBF_*`), which the bandwidth plugin uses
/// to shape traffic.
///
/// ```
/// TCA_OPTIONS
///   TCA_TBF_PARMS   struct tc_tbf_qopt { tc_ratespec rate, peakrate; u32 limit, buffer, mtu; }
///   TCA_TBF_BURST   u32, the bucket size in bytes
///   TCA_TBF_RATE64  u64, when the rate does not fit the 32-bit field
/// ```
/// `tc` also sends a rate table (`TCA_TBF_RTAB`); kernels since 3.13 compute rates themselves and
/// only read that table to guess the link layer when `linklayer` is unset, so we set the link layer
/// to Ethernet and leave the table out. The bucket goes both ways: in bytes as `TCA_TBF_BURST`,
/// and in scheduler ticks in `buffer`, computed as `tc` computes it.
public struct TokenBucketFilter: Hashable, Sendable {
    /// `TCA_TBF_*` attribute numbers.
    public struct AttributeType: NetlinkAttributeType {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `TCA_TBF_PARMS`.
        public static let parameters = Self(rawValue: 1)
        /// `TCA_TBF_RTAB`.
        public static let rateTable = Self(rawValue: 2)
        /// `TCA_TBF_PTAB`.
        public static let peakRateTable = Self(rawValue: 3)
        /// `TCA_TBF_RATE64`.
        public static let rate64 = Self(rawValue: 4)
        /// `TCA_TBF_PRATE64`.
        public static let peakRate64 = Self(rawValue: 5)
        /// `TCA_TBF_BURST`.
        public static let burst = Self(rawValue: 6)
        /// `TCA_TBF_PBURST`.
        public static let peakBurst = Self(rawValue: 7)
    }

    /// Scheduler ticks per microsecond. The kernel's packet scheduler clock ticks every 64 ns
    /// (`PSCHED_SHIFT` 6) on every kernel since 2.6.31; `/proc/net/psched` reports the same.
    public static let ticksPerMicrosecond = 15.625

    /// The rate in bytes per second.
    public var rate: UInt64
    /// The bucket size in bytes.
    public var burst: UInt32
    /// The queue limit in bytes.
    public var limit: UInt32
    /// The bucket size in scheduler ticks (`tc_tbf_qopt.buffer`), as the kernel reports it.
    public var bufferTicks: UInt32
    /// The peak rate in bytes per second, 0 for none.
    public var peakRate: UInt64
    /// The minimum burst for the peak rate (`tc_tbf_qopt.mtu`), in ticks.
    public var mtuTicks: UInt32
    /// Every other attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates options for a rate (bytes/s), bucket (bytes) and queue limit (bytes).
    public init(rate: UInt64, burst: UInt32, limit: UInt32) {
        self.rate = rate
        self.burst = burst
        self.limit = limit
        bufferTicks = Self.ticks(bytes: UInt64(burst), rate: rate)
        peakRate = 0
        mtuTicks = 0
        otherAttributes = NetlinkAttributeList()
    }

    /// The queue limit `tc` derives from `latency`: what the rate sends in that time, plus the
    /// bucket.
    public static func limit(rate: UInt64, burst: UInt32, latencyMicroseconds: UInt64) -> UInt32 {
        UInt32(clamping: rate * latencyMicroseconds / 1_000_000 + UInt64(burst))
    }

    /// The time to send `bytes` at `rate`, in scheduler ticks (`tc_calc_xmittime`).
    public static func ticks(bytes: UInt64, rate: UInt64) -> UInt32 {
        guard rate > 0 else { return 0 }
        let microseconds = 1_000_000 * (Double(bytes) / Double(rate))
        return UInt32(clamping: UInt64(microseconds * ticksPerMicrosecond))
    }

    /// Writes the children of `TCA_OPTIONS`.
    public func encode(into writer: inout AttributeWriter) {
        writer.nested(AttributeType.parameters) { parameters in
            Self.writeRateSpec(into: &parameters, rate: rate)
            Self.writeRateSpec(into: &parameters, rate: peakRate)
            parameters.write(limit)
            parameters.write(bufferTicks)
            parameters.write(mtuTicks)
        }
        writer.attribute(AttributeType.burst, burst)
        if rate >= 1 << 32 { writer.attribute(AttributeType.rate64, rate) }
        if peakRate >= 1 << 32 { writer.attribute(AttributeType.peakRate64, peakRate) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    /// `struct tc_ratespec { u8 cell_log; u8 linklayer; u16 overhead; s16 cell_align; u16 mpu; u32 rate; }`,
    /// filled as `tc` fills it for the default 2047-byte MTU; a zero rate is all zeros.
    private static func writeRateSpec(into writer: inout AttributeWriter, rate: UInt64) {
        guard rate > 0 else { return writer.writeZeros(12) }
        writer.write(UInt8(3))  // cell_log: 2047 >> 3 < 256
        writer.write(UInt8(1))  // TC_LINKLAYER_ETHERNET
        writer.write(UInt16(0))  // overhead
        writer.write(Int16(-1))  // cell_align
        writer.write(UInt16(0))  // mpu
        writer.write(UInt32(clamping: rate))
    }

    /// Decodes the children of `TCA_OPTIONS`.
    public init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init(rate: 0, burst: 0, limit: 0)
        for attribute in attributes {
            switch AttributeType(rawValue: attribute.type) {
            case .parameters:
                let p = attribute.payload
                guard p.count >= 36, let rate32 = p.loadLittleEndian(UInt32.self, at: 8),
                      let peak32 = p.loadLittleEndian(UInt32.self, at: 20),
                      let limit = p.loadLittleEndian(UInt32.self, at: 24),
                      let buffer = p.loadLittleEndian(UInt32.self, at: 28),
                      let mtu = p.loadLittleEndian(UInt32.self, at: 32)
                else { throw .truncated("tc_tbf_qopt", need: 36, have: p.count) }
                if rate < 1 << 32 { rate = UInt64(rate32) }
                if peakRate < 1 << 32 { peakRate = UInt64(peak32) }
                self.limit = limit
                bufferTicks = buffer
                mtuTicks = mtu
            case .rate64: rate = try attribute.uint64()
            case .peakRate64: peakRate = try attribute.uint64()
            case .burst: burst = try attribute.uint32()
            default: otherAttributes.append(attribute)
            }
        }
        // Dumps carry the bucket only in ticks; recover the bytes the way `tc` prints them.
        if burst == 0 && rate > 0 {
            burst = UInt32(clamping: UInt64(Double(bufferTicks) / Self.ticksPerMicrosecond * Double(rate) / 1_000_000))
        }
    }
}
