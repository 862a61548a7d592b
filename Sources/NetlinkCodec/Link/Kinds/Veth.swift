/// Options of a `veth` link: its peer.
///
/// ```
/// IFLA_INFO_DATA
///   VETH_INFO_PEER    struct ifinfomsg + IFLA_* of the peer (name, IFLA_NET_NS_FD, ...)
/// ```
/// Giving the peer an `IFLA_NET_NS_FD` creates it directly inside that namespace, so nobody has to
/// enter the namespace or move the link afterwards. The peer appears only in create requests; a dump
/// reports the peer's index in `IFLA_LINK` instead.
public struct VethOptions: Hashable, Sendable {
    /// `VETH_INFO_PEER`.
    public static let peerAttribute: UInt16 = 1

    /// The peer to create with the link.
    public var peer: Link?
    /// Other attributes, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates veth options.
    public init(peer: Link? = nil) {
        self.peer = peer
        otherAttributes = NetlinkAttributeList()
    }

    var hasData: Bool { peer != nil || !otherAttributes.isEmpty }

    func encode(into writer: inout AttributeWriter) {
        if let peer {
            writer.nested(rawType: Self.peerAttribute) { peer.encode(into: &$0) }
        }
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init()
        for attribute in attributes {
            if attribute.type == Self.peerAttribute {
                peer = try Link(decoding: attribute.payload[...])
            } else {
                otherAttributes.append(attribute)
            }
        }
    }
}
