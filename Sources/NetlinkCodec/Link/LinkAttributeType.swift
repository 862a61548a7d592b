/// Link attribute numbers (`IFLA_*` from `<linux/if_link.h>`).
public struct LinkAttributeType: NetlinkAttributeType {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `IFLA_ADDRESS`: the hardware address.
    public static let address = Self(rawValue: 1)
    /// `IFLA_BROADCAST`.
    public static let broadcast = Self(rawValue: 2)
    /// `IFLA_IFNAME`.
    public static let name = Self(rawValue: 3)
    /// `IFLA_MTU`.
    public static let mtu = Self(rawValue: 4)
    /// `IFLA_LINK`: the parent (VLAN, macvlan) or the peer (veth) index.
    public static let link = Self(rawValue: 5)
    /// `IFLA_QDISC`.
    public static let qdisc = Self(rawValue: 6)
    /// `IFLA_STATS`: 32-bit counters.
    public static let stats = Self(rawValue: 7)
    /// `IFLA_MASTER`: the master (bridge, VRF) index; 0 removes it.
    public static let master = Self(rawValue: 10)
    /// `IFLA_PROTINFO`: protocol data (bridge port options with `AF_BRIDGE`).
    public static let protocolInfo = Self(rawValue: 12)
    /// `IFLA_TXQLEN`.
    public static let txQueueLength = Self(rawValue: 13)
    /// `IFLA_OPERSTATE`.
    public static let operationalState = Self(rawValue: 16)
    /// `IFLA_LINKMODE`.
    public static let linkMode = Self(rawValue: 17)
    /// `IFLA_LINKINFO`: the kind and its data.
    public static let linkInfo = Self(rawValue: 18)
    /// `IFLA_NET_NS_PID`: move to the namespace of this process.
    public static let namespacePID = Self(rawValue: 19)
    /// `IFLA_IFALIAS`.
    public static let alias = Self(rawValue: 20)
    /// `IFLA_STATS64`.
    public static let stats64 = Self(rawValue: 23)
    /// `IFLA_AF_SPEC`: per-family data (bridge VLANs with `AF_BRIDGE`).
    public static let addressFamilySpecific = Self(rawValue: 26)
    /// `IFLA_GROUP`.
    public static let group = Self(rawValue: 27)
    /// `IFLA_NET_NS_FD`: move to (or create in) the namespace this descriptor refers to.
    public static let namespaceFD = Self(rawValue: 28)
    /// `IFLA_EXT_MASK`: what extra data a dump should include (`RTEXT_FILTER_*`).
    public static let extendedMask = Self(rawValue: 29)
    /// `IFLA_PROMISCUITY`: the promiscuity count.
    public static let promiscuity = Self(rawValue: 30)
    /// `IFLA_NUM_TX_QUEUES`.
    public static let txQueueCount = Self(rawValue: 31)
    /// `IFLA_NUM_RX_QUEUES`.
    public static let rxQueueCount = Self(rawValue: 32)
    /// `IFLA_CARRIER`.
    public static let carrier = Self(rawValue: 33)
    /// `IFLA_LINK_NETNSID`: the namespace (as an ID local to ours) where `IFLA_LINK` lives.
    public static let linkNamespaceID = Self(rawValue: 37)
    /// `IFLA_NEW_NETNSID`.
    public static let newNamespaceID = Self(rawValue: 45)
    /// `IFLA_TARGET_NETNSID`.
    public static let targetNamespaceID = Self(rawValue: 46)
    /// `IFLA_MIN_MTU`.
    public static let minimumMTU = Self(rawValue: 50)
    /// `IFLA_MAX_MTU`.
    public static let maximumMTU = Self(rawValue: 51)
    /// `IFLA_ALT_IFNAME`.
    public static let alternativeName = Self(rawValue: 53)
    /// `IFLA_PERM_ADDRESS`.
    public static let permanentAddress = Self(rawValue: 54)
}

/// Interface flags (`IFF_*` from `<linux/if.h>`), in `ifi_flags` and `ifi_change`.
public struct InterfaceFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `IFF_UP`: administratively up.
    public static let up = Self(rawValue: 0x1)
    /// `IFF_BROADCAST`.
    public static let broadcast = Self(rawValue: 0x2)
    /// `IFF_LOOPBACK`.
    public static let loopback = Self(rawValue: 0x8)
    /// `IFF_POINTOPOINT`.
    public static let pointToPoint = Self(rawValue: 0x10)
    /// `IFF_RUNNING`: operationally up.
    public static let running = Self(rawValue: 0x40)
    /// `IFF_NOARP`.
    public static let noARP = Self(rawValue: 0x80)
    /// `IFF_PROMISC`.
    public static let promiscuous = Self(rawValue: 0x100)
    /// `IFF_ALLMULTI`.
    public static let allMulticast = Self(rawValue: 0x200)
    /// `IFF_MASTER`.
    public static let master = Self(rawValue: 0x400)
    /// `IFF_SLAVE`.
    public static let slave = Self(rawValue: 0x800)
    /// `IFF_MULTICAST`.
    public static let multicast = Self(rawValue: 0x1000)
    /// `IFF_LOWER_UP`: the carrier is on.
    public static let lowerUp = Self(rawValue: 0x10000)
    /// `IFF_DORMANT`.
    public static let dormant = Self(rawValue: 0x20000)
}

/// RFC 2863 operational state (`IF_OPER_*`), from `IFLA_OPERSTATE`.
public struct OperationalState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `IF_OPER_UNKNOWN` (loopback and drivers that do not track it).
    public static let unknown = Self(rawValue: 0)
    /// `IF_OPER_NOTPRESENT`.
    public static let notPresent = Self(rawValue: 1)
    /// `IF_OPER_DOWN`.
    public static let down = Self(rawValue: 2)
    /// `IF_OPER_LOWERLAYERDOWN`: e.g. a veth whose peer is down.
    public static let lowerLayerDown = Self(rawValue: 3)
    /// `IF_OPER_TESTING`.
    public static let testing = Self(rawValue: 4)
    /// `IF_OPER_DORMANT`.
    public static let dormant = Self(rawValue: 5)
    /// `IF_OPER_UP`.
    public static let up = Self(rawValue: 6)

    public var description: String {
        let names = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"]
        return Int(rawValue) < names.count ? names[Int(rawValue)] : "state \(rawValue)"
    }
}

/// Hardware types (`ARPHRD_*` from `<linux/if_arp.h>`), in `ifi_type`.
public enum HardwareType {
    /// `ARPHRD_ETHER`.
    public static let ethernet: UInt16 = 1
    /// `ARPHRD_NONE` (tun devices).
    public static let none: UInt16 = 0xFFFE
    /// `ARPHRD_LOOPBACK`.
    public static let loopback: UInt16 = 772
}

/// What extra data a link dump should include (`RTEXT_FILTER_*`, sent in `IFLA_EXT_MASK`).
public struct LinkDumpFilter: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// `RTEXT_FILTER_VF`.
    public static let virtualFunctions = Self(rawValue: 1)
    /// `RTEXT_FILTER_BRVLAN`: each bridge VLAN as its own entry.
    public static let bridgeVLANs = Self(rawValue: 2)
    /// `RTEXT_FILTER_BRVLAN_COMPRESSED`: bridge VLANs as ranges.
    public static let bridgeVLANsCompressed = Self(rawValue: 4)
    /// `RTEXT_FILTER_SKIP_STATS`.
    public static let skipStatistics = Self(rawValue: 8)
}
