/// A traffic control handle (`major:minor`, 16 bits each), naming a qdisc, class or filter parent.
///
/// `tc` prints `1:` for major 1 minor 0 and `ffff:` for the ingress qdisc.
public struct TrafficControlHandle: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Creates a handle from its two halves.
    public init(major: UInt16, minor: UInt16 = 0) {
        rawValue = UInt32(major) << 16 | UInt32(minor)
    }

    /// The major number (the qdisc).
    public var major: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    /// The minor number (the class).
    public var minor: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    /// `TC_H_UNSPEC`: let the kernel choose.
    public static let unspecified = Self(rawValue: 0)
    /// `TC_H_ROOT`: the root of the egress tree.
    public static let root = Self(rawValue: 0xFFFF_FFFF)
    /// `TC_H_INGRESS`: the parent of the ingress and clsact qdiscs.
    public static let ingress = Self(rawValue: 0xFFFF_FFF1)
    /// `TC_H_CLSACT` (the same value as ``ingress``).
    public static let clsact = Self(rawValue: 0xFFFF_FFF1)
    /// `ffff:`, the handle of the ingress qdisc and the parent of its filters.
    public static let ingressQdisc = Self(major: 0xFFFF)
    /// `ffff:fff2` (`TC_H_MIN_INGRESS`): the ingress hook of a clsact qdisc.
    public static let clsactIngress = Self(major: 0xFFFF, minor: 0xFFF2)
    /// `ffff:fff3` (`TC_H_MIN_EGRESS`): the egress hook of a clsact qdisc.
    public static let clsactEgress = Self(major: 0xFFFF, minor: 0xFFF3)

    public var description: String {
        switch self {
        case .root: "root"
        case .unspecified: "none"
        case .ingress: "ingress"
        default: minor == 0 ? "\(String(major, radix: 16)):" : "\(String(major, radix: 16)):\(String(minor, radix: 16))"
        }
    }
}

/// Link-layer protocol numbers used to select the packets a filter sees (`ETH_P_*`).
public enum EthernetProtocol {
    /// `ETH_P_ALL`: every packet.
    public static let all: UInt16 = 0x0003
    /// `ETH_P_IP`.
    public static let ipv4: UInt16 = 0x0800
    /// `ETH_P_ARP`.
    public static let arp: UInt16 = 0x0806
    /// `ETH_P_IPV6`.
    public static let ipv6: UInt16 = 0x86DD
    /// `ETH_P_8021Q`.
    public static let vlan: UInt16 = 0x8100
}

/// `TCA_*` attribute numbers of qdisc and filter messages.
public struct TrafficControlAttributeType: NetlinkAttributeType {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// `TCA_KIND`: the qdisc or filter kind's name.
    public static let kind = Self(rawValue: 1)
    /// `TCA_OPTIONS`: the kind's options.
    public static let options = Self(rawValue: 2)
    /// `TCA_STATS`.
    public static let stats = Self(rawValue: 3)
    /// `TCA_XSTATS`.
    public static let extendedStats = Self(rawValue: 4)
    /// `TCA_STATS2`.
    public static let stats2 = Self(rawValue: 7)
    /// `TCA_CHAIN`.
    public static let chain = Self(rawValue: 11)
}

/// The fixed part of every traffic control message (`struct tcmsg`).
///
/// ```
///  0        1       2        4               8               12              16              20
///  +--------+-------+--------+---------------+---------------+---------------+---------------+
///  | family | pad   | pad    | ifindex (s32) | handle        | parent        | info          |
///  +--------+-------+--------+---------------+---------------+---------------+---------------+
/// ```
/// `tcm_info` is the reference count for qdiscs, and `priority << 16 | htons(protocol)` for filters.
struct TrafficControlHeader: Hashable, Sendable {
    static let size = 20

    var family: UInt8
    var interfaceIndex: Int32
    var handle: UInt32
    var parent: UInt32
    var info: UInt32

    func encode(into writer: inout AttributeWriter) {
        writer.write(family)
        writer.writeZeros(3)
        writer.write(interfaceIndex)
        writer.write(handle)
        writer.write(parent)
        writer.write(info)
    }

    init(family: UInt8 = AddressFamily.unspecified, interfaceIndex: Int32, handle: UInt32, parent: UInt32, info: UInt32) {
        self.family = family
        self.interfaceIndex = interfaceIndex
        self.handle = handle
        self.parent = parent
        self.info = info
    }

    init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        guard let family = payload.loadLittleEndian(UInt8.self), let index = payload.loadLittleEndian(Int32.self, at: 4),
              let handle = payload.loadLittleEndian(UInt32.self, at: 8),
              let parent = payload.loadLittleEndian(UInt32.self, at: 12),
              let info = payload.loadLittleEndian(UInt32.self, at: 16)
        else { throw .truncated("tcmsg", need: Self.size, have: payload.count) }
        self.init(family: family, interfaceIndex: index, handle: handle, parent: parent, info: info)
    }
}
