#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LinuxSystem

/// The ethtool ioctls we need, sent on the netlink socket itself: `SIOCETHTOOL` works on any
/// socket and looks the device up in the socket's namespace, so no thread has to enter it.
extension RouteNetlink {
    private enum Ethtool {
        static let request: UInt = 0x8946  // SIOCETHTOOL
        static let getDriverInfo: UInt32 = 0x03  // ETHTOOL_GDRVINFO
        static let getStrings: UInt32 = 0x1B  // ETHTOOL_GSTRINGS
        static let getStatistics: UInt32 = 0x1D  // ETHTOOL_GSTATS
        static let statisticsStringSet: UInt32 = 1  // ETH_SS_STATS
        static let stringLength = 32  // ETH_GSTRING_LEN
        static let driverInfoSize = 196  // sizeof(struct ethtool_drvinfo)
        static let statisticsCountOffset = 180  // offsetof(struct ethtool_drvinfo, n_stats)
    }

    /// The index of a veth's peer, in the peer's namespace, from the driver's `peer_ifindex`
    /// statistic (what the Go plugins read through ethtool).
    ///
    /// The link dump's `IFLA_LINK` carries the same number, but relative to the namespace in
    /// `IFLA_LINK_NETNSID`; ethtool's answer needs no namespace ID to interpret.
    /// Equivalent to `ethtool -S NAME | grep peer_ifindex`.
    public func vethPeerIndex(of reference: LinkReference) throws(NetlinkError) -> Int32 {
        let name: String
        switch reference {
        case .name(let given): name = given
        case .index: name = try link(reference).name ?? ""
        }
        let operation = "read ethtool statistics of"
        try LinkName.validate(name, operation: operation)
        let object = "link \(name)"

        var info = [UInt8](repeating: 0, count: Ethtool.driverInfoSize)
        info.replaceSubrange(0..<4, with: littleEndian(Ethtool.getDriverInfo))
        try ethtool(name, &info, operation: operation, object: object)
        let at = Ethtool.statisticsCountOffset
        let count = Int(UInt32(info[at]) | UInt32(info[at + 1]) << 8 | UInt32(info[at + 2]) << 16 | UInt32(info[at + 3]) << 24)

        var strings = [UInt8](repeating: 0, count: 12 + count * Ethtool.stringLength)
        strings.replaceSubrange(0..<4, with: littleEndian(Ethtool.getStrings))
        strings.replaceSubrange(4..<8, with: littleEndian(Ethtool.statisticsStringSet))
        strings.replaceSubrange(8..<12, with: littleEndian(UInt32(count)))
        try ethtool(name, &strings, operation: operation, object: object)
        let names = (0..<count).map { index -> String in
            let start = 12 + index * Ethtool.stringLength
            let field = strings[start..<(start + Ethtool.stringLength)]
            return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard let position = names.firstIndex(of: "peer_ifindex") else {
            throw NetlinkError(.notSupported, operation: operation, object: object,
                               reason: "the driver reports no peer_ifindex (not a veth?)")
        }

        var statistics = [UInt8](repeating: 0, count: 8 + count * 8)
        statistics.replaceSubrange(0..<4, with: littleEndian(Ethtool.getStatistics))
        statistics.replaceSubrange(4..<8, with: littleEndian(UInt32(count)))
        try ethtool(name, &statistics, operation: operation, object: object)
        let offset = 8 + position * 8
        var value: UInt64 = 0
        for byte in 0..<8 { value |= UInt64(statistics[offset + byte]) << (8 * byte) }
        return Int32(truncatingIfNeeded: value)
    }

    /// Sends one `SIOCETHTOOL` with a `struct ifreq` naming the device and pointing at `data`.
    private func ethtool(_ name: String, _ data: inout [UInt8], operation: String, object: String) throws(NetlinkError) {
        guard let descriptor = socket.descriptor?.rawValue else {
            throw NetlinkError(.notSupported, operation: operation, object: object, reason: "no kernel socket")
        }
        // struct ifreq { char ifr_name[16]; union { ...; void *ifr_data; }; } (40 bytes)
        let error = data.withUnsafeMutableBytes { payload -> Int32 in
            var request = [UInt8](repeating: 0, count: 40)
            request.replaceSubrange(0..<name.utf8.count, with: name.utf8)
            let address = UInt(bitPattern: payload.baseAddress)
            for byte in 0..<8 { request[16 + byte] = UInt8(truncatingIfNeeded: address >> (8 * UInt(byte))) }
            return request.withUnsafeMutableBytes { raw -> Int32 in
                guard let pointer = raw.baseAddress else { return EFAULT }
                return ioctl(descriptor, Ethtool.request, pointer) < 0 ? errno : 0
            }
        }
        if error != 0 { throw NetlinkError(errno: error, operation: operation, object: object) }
    }

    private func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
