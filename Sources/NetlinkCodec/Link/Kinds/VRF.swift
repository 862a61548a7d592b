/// Options of a `vrf` link (`IFLA_VRF_*`).
///
/// `ip link add NAME type vrf table TABLE`
public struct VRFOptions: Hashable, Sendable {
    /// `IFLA_VRF_TABLE` (u32).
    public static let tableAttribute: UInt16 = 1

    /// The routing table the VRF uses.
    public var table: UInt32
    /// Every other attribute, kept.
    public var otherAttributes: NetlinkAttributeList

    /// Creates options.
    public init(table: UInt32) {
        self.table = table
        otherAttributes = NetlinkAttributeList()
    }

    func encode(into writer: inout AttributeWriter) {
        writer.attribute(rawType: Self.tableAttribute, table)
        for attribute in otherAttributes { writer.attribute(attribute) }
    }

    init(decoding attributes: NetlinkAttributeList) throws(NetlinkDecodingError) {
        self.init(table: 0)
        for attribute in attributes {
            if attribute.type == Self.tableAttribute {
                table = try attribute.uint32()
            } else {
                otherAttributes.append(attribute)
            }
        }
    }
}
