/// The rtnetlink request and notification types (`RTM_*` from `<linux/rtnetlink.h>`).
extension NetlinkMessageType {
    /// `RTM_NEWLINK`: create or change a link; also each link in a dump.
    public static let newLink = Self(16)
    /// `RTM_DELLINK`: delete a link.
    public static let deleteLink = Self(17)
    /// `RTM_GETLINK`: get one link, or dump them.
    public static let getLink = Self(18)
    /// `RTM_SETLINK`: change a link (used with `AF_BRIDGE` for bridge port options and VLANs).
    public static let setLink = Self(19)
    /// `RTM_NEWADDR`.
    public static let newAddress = Self(20)
    /// `RTM_DELADDR`.
    public static let deleteAddress = Self(21)
    /// `RTM_GETADDR`.
    public static let getAddress = Self(22)
    /// `RTM_NEWROUTE`.
    public static let newRoute = Self(24)
    /// `RTM_DELROUTE`.
    public static let deleteRoute = Self(25)
    /// `RTM_GETROUTE`.
    public static let getRoute = Self(26)
    /// `RTM_NEWNEIGH`.
    public static let newNeighbor = Self(28)
    /// `RTM_DELNEIGH`.
    public static let deleteNeighbor = Self(29)
    /// `RTM_GETNEIGH`.
    public static let getNeighbor = Self(30)
    /// `RTM_NEWRULE`.
    public static let newRule = Self(32)
    /// `RTM_DELRULE`.
    public static let deleteRule = Self(33)
    /// `RTM_GETRULE`.
    public static let getRule = Self(34)
    /// `RTM_NEWQDISC`.
    public static let newQdisc = Self(36)
    /// `RTM_DELQDISC`.
    public static let deleteQdisc = Self(37)
    /// `RTM_GETQDISC`.
    public static let getQdisc = Self(38)
    /// `RTM_NEWTFILTER`.
    public static let newFilter = Self(44)
    /// `RTM_DELTFILTER`.
    public static let deleteFilter = Self(45)
    /// `RTM_GETTFILTER`.
    public static let getFilter = Self(46)
}

/// Address families that appear in rtnetlink headers (`AF_*`).
public enum AddressFamily {
    /// `AF_UNSPEC`: any family (link messages, dumps of everything).
    public static let unspecified: UInt8 = 0
    /// `AF_INET`.
    public static let inet: UInt8 = 2
    /// `AF_BRIDGE`: bridge port options, bridge VLANs and the bridge FDB.
    public static let bridge: UInt8 = 7
    /// `AF_INET6`.
    public static let inet6: UInt8 = 10
}
