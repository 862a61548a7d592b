public import NetAddress

/// A network interface: the body of `RTM_NEWLINK`, `RTM_GETLINK`, `RTM_SETLINK` and `RTM_DELLINK`
/// (`struct ifinfomsg` and `IFLA_*` attributes).
///
/// ```
///  0     1     2         4               8               12              16
///  +-----+-----+---------+---------------+---------------+---------------+-- attributes
///  | fam | pad | type    | index (s32)   | flags         | change        |
///  +-----+-----+---------+---------------+---------------+---------------+--
/// ```
/// The same value describes a link read from the kernel and a request to create or change one:
/// a request sets only what it means to send. Attributes the typed fields do not cover are kept in
/// ``otherAttributes`` and written back unchanged.
public struct Link: NetlinkMessageBody, Hashable {
    /// Where a link should go: a namespace file descriptor or a process's namespace.
    public enum NamespaceTarget: Hashable, Sendable {
        /// `IFLA_NET_NS_FD`.
        case fileDescriptor(Int32)
        /// `IFLA_NET_NS_PID`.
        case processID(Int32)
    }

    /// `ifi_family`: `AF_UNSPEC`, or `AF_BRIDGE` for bridge port and VLAN messages.
    public var family: UInt8
    /// `ifi_type`: the hardware type (`ARPHRD_*`).
    public var hardwareType: UInt16
    /// `ifi_index`: the interface index; 0 in requests that name the link instead.
    public var index: Int32
    /// `ifi_flags`.
    public var flags: InterfaceFlags
    /// `ifi_change`: which flags a request changes.
    public var changeMask: InterfaceFlags

    /// `IFLA_IFNAME`.
    public var name: String?
    /// `IFLA_MTU`.
    public var mtu: UInt32?
    /// `IFLA_ADDRESS`: the hardware address, raw (most often 6 bytes; see ``macAddress``).
    public var hardwareAddress: [UInt8]?
    /// `IFLA_BROADCAST`.
    public var broadcastAddress: [UInt8]?
    /// `IFLA_TXQLEN`.
    public var txQueueLength: UInt32?
    /// `IFLA_IFALIAS`.
    public var alias: String?
    /// `IFLA_LINK`: the parent of a VLAN or macvlan, the peer of a veth (in the namespace
    /// ``linkNamespaceID`` names, when present).
    public var linkIndex: Int32?
    /// `IFLA_MASTER`: the bridge or VRF this link is enslaved to; 0 in a request removes it.
    public var masterIndex: Int32?
    /// `IFLA_OPERSTATE`.
    public var operationalState: OperationalState?
    /// `IFLA_GROUP`.
    public var group: UInt32?
    /// `IFLA_NET_NS_FD` or `IFLA_NET_NS_PID` in a request.
    public var namespace: NamespaceTarget?
    /// `IFLA_LINKINFO`: the kind and its data, and the port data of an enslaved link.
    public var info: LinkInfo?
    /// `IFLA_PROTINFO` of an `AF_BRIDGE` message: bridge port options.
    public var bridgePort: BridgePortOptions?
    /// `IFLA_AF_SPEC`, raw (per-family data; see ``bridgeVLANs``).
    public var addressFamilySpecific: NetlinkAttributeList?
    /// `IFLA_EXT_MASK` in a get or dump request.
    public var extendedMask: LinkDumpFilter?

    // Read-only attributes stay in `otherAttributes` (so a decoded link re-encodes unchanged) and
    // are read from there.

    /// `IFLA_STATS64` (read only).
    public var statistics: LinkStatistics? {
        (otherAttributes.first(LinkAttributeType.stats64)?.payload).flatMap { try? LinkStatistics(decoding: $0) }
    }
    /// `IFLA_PROMISCUITY`: how many users asked for promiscuous mode (read only).
    public var promiscuity: UInt32? { try? otherAttributes.first(LinkAttributeType.promiscuity)?.uint32() }
    /// `IFLA_CARRIER` (read only).
    public var carrier: Bool? { (try? otherAttributes.first(LinkAttributeType.carrier)?.uint8()).map { $0 != 0 } }
    /// `IFLA_LINK_NETNSID`: the namespace, by an ID local to ours, where ``linkIndex`` lives (read only).
    public var linkNamespaceID: Int32? { try? otherAttributes.first(LinkAttributeType.linkNamespaceID)?.int32() }
    /// `IFLA_MIN_MTU` (read only).
    public var minimumMTU: UInt32? { try? otherAttributes.first(LinkAttributeType.minimumMTU)?.uint32() }
    /// `IFLA_MAX_MTU` (read only).
    public var maximumMTU: UInt32? { try? otherAttributes.first(LinkAttributeType.maximumMTU)?.uint32() }
    /// `IFLA_PERM_ADDRESS` (read only).
    public var permanentAddress: [UInt8]? { otherAttributes.first(LinkAttributeType.permanentAddress)?.payload }

    /// Every other attribute, in wire order.
    public var otherAttributes: NetlinkAttributeList

    /// Creates a link message; everything not given is left out.
    public init(
        family: UInt8 = AddressFamily.unspecified, hardwareType: UInt16 = 0, index: Int32 = 0,
        flags: InterfaceFlags = [], changeMask: InterfaceFlags = [], name: String? = nil,
        info: LinkInfo? = nil
    ) {
        self.family = family
        self.hardwareType = hardwareType
        self.index = index
        self.flags = flags
        self.changeMask = changeMask
        self.name = name
        self.info = info
        otherAttributes = NetlinkAttributeList()
    }

    /// The size of `struct ifinfomsg`.
    public static let headerSize = 16

    // MARK: Conveniences

    /// The hardware address as a MAC address, when it is 6, 8 or 20 bytes long.
    public var macAddress: MACAddress? {
        get { hardwareAddress.flatMap { MACAddress(bytes: $0) } }
        set { hardwareAddress = newValue?.bytes }
    }

    /// Whether the link is administratively up (`IFF_UP`).
    public var isUp: Bool { flags.contains(.up) }

    /// The link kind's name (`veth`, `bridge`, ...), if the kernel reported one.
    public var kindName: String? { info?.kind?.name }

    /// The bridge VLANs in the `IFLA_AF_SPEC` of an `AF_BRIDGE` dump.
    public var bridgeVLANs: [BridgeVLAN] {
        guard family == AddressFamily.bridge, let spec = addressFamilySpecific else { return [] }
        return BridgeVLAN.decode(spec)
    }

    // MARK: Wire format

    public func encode(into writer: inout AttributeWriter) {
        writer.write(family)
        writer.write(UInt8(0))
        writer.write(hardwareType)
        writer.write(index)
        writer.write(flags.rawValue)
        writer.write(changeMask.rawValue)
        // The order follows what iproute2 sends for the same request, so golden bytes can be
        // compared with `strace ip ...` directly.
        switch namespace {
        case .fileDescriptor(let fd): writer.attribute(LinkAttributeType.namespaceFD, UInt32(bitPattern: fd))
        case .processID(let pid): writer.attribute(LinkAttributeType.namespacePID, UInt32(bitPattern: pid))
        case nil: break
        }
        if let linkIndex { writer.attribute(LinkAttributeType.link, linkIndex) }
        if let name { writer.attribute(LinkAttributeType.name, name) }
        if let mtu { writer.attribute(LinkAttributeType.mtu, mtu) }
        if let hardwareAddress { writer.attribute(LinkAttributeType.address, hardwareAddress) }
        if let broadcastAddress { writer.attribute(LinkAttributeType.broadcast, broadcastAddress) }
        if let txQueueLength { writer.attribute(LinkAttributeType.txQueueLength, txQueueLength) }
        if let alias { writer.attribute(LinkAttributeType.alias, UnterminatedString(alias)) }
        if let masterIndex { writer.attribute(LinkAttributeType.master, masterIndex) }
        if let operationalState { writer.attribute(LinkAttributeType.operationalState, operationalState.rawValue) }
        if let group { writer.attribute(LinkAttributeType.group, group) }
        if let info { writer.nested(LinkAttributeType.linkInfo) { info.encode(into: &$0) } }
        if let bridgePort {
            // The bridge accepts nested port options only with NLA_F_NESTED set; without it the
            // payload is read as the old single-byte port state.
            writer.nested(LinkAttributeType.protocolInfo, flags: NetlinkAttribute.nestedFlag) {
                bridgePort.encode(into: &$0)
            }
        }
        if let addressFamilySpecific {
            writer.nested(LinkAttributeType.addressFamilySpecific) { nested in
                for attribute in addressFamilySpecific { nested.attribute(attribute) }
            }
        }
        if let extendedMask { writer.attribute(LinkAttributeType.extendedMask, extendedMask.rawValue) }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        guard payload.count >= Self.headerSize, let family = payload.loadLittleEndian(UInt8.self),
              let type = payload.loadLittleEndian(UInt16.self, at: 2),
              let index = payload.loadLittleEndian(Int32.self, at: 4),
              let flags = payload.loadLittleEndian(UInt32.self, at: 8),
              let change = payload.loadLittleEndian(UInt32.self, at: 12)
        else { throw .truncated("ifinfomsg", need: Self.headerSize, have: payload.count) }
        self.init(
            family: family, hardwareType: type, index: index, flags: InterfaceFlags(rawValue: flags),
            changeMask: InterfaceFlags(rawValue: change))
        for attribute in try NetlinkAttributeList(parsing: payload.dropFirst(Self.headerSize)) {
            try decode(attribute)
        }
    }

    private mutating func decode(_ attribute: NetlinkAttribute) throws(NetlinkDecodingError) {
        switch LinkAttributeType(rawValue: attribute.type) {
        case .name: name = attribute.string()
        case .mtu: mtu = try attribute.uint32()
        case .address: hardwareAddress = attribute.payload
        case .broadcast: broadcastAddress = attribute.payload
        case .txQueueLength: txQueueLength = try attribute.uint32()
        case .alias: alias = attribute.string()
        case .link: linkIndex = try attribute.int32()
        case .master: masterIndex = try attribute.int32()
        case .operationalState: operationalState = OperationalState(rawValue: try attribute.uint8())
        case .group: group = try attribute.uint32()
        case .namespaceFD: namespace = .fileDescriptor(try attribute.int32())
        case .namespacePID: namespace = .processID(try attribute.int32())
        case .linkInfo: info = try LinkInfo(decoding: attribute.nested())
        case .protocolInfo where attribute.isNested || family == AddressFamily.bridge:
            bridgePort = try BridgePortOptions(decoding: attribute.nested())
        case .addressFamilySpecific: addressFamilySpecific = try attribute.nested()
        case .extendedMask: extendedMask = LinkDumpFilter(rawValue: try attribute.uint32())
        default: otherAttributes.append(attribute)
        }
    }
}
