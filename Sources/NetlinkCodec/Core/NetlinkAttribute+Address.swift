public import NetAddress

extension NetlinkAttribute {
    /// The payload as an IPv4 (4 bytes) or IPv6 (16 bytes) address.
    public func ipAddress() throws(NetlinkDecodingError) -> IPAddress {
        guard let address = IPAddress(bytes: payload) else {
            throw NetlinkDecodingError("attribute \(type)", "\(payload.count) bytes is not an IP address")
        }
        return address
    }
}

extension IPAddress: NetlinkAttributeValue {
    /// An address attribute carries the address in network order, 4 or 16 bytes.
    public func appendPayload(to bytes: inout [UInt8]) { bytes.append(contentsOf: self.bytes) }
}

extension IPFamily {
    /// The family of an rtnetlink header byte (`AF_INET`, `AF_INET6`), if it is one of them.
    public init?(addressFamily: UInt8) {
        switch addressFamily {
        case AddressFamily.inet: self = .v4
        case AddressFamily.inet6: self = .v6
        default: return nil
        }
    }
}
