public import CNISpec
import Netlink
import NetlinkCodec

extension ContainerStateCheck {
    /// The container's link is of `kind` (`macvlan`, `ipvlan`, `vlan`, `dummy`), as the
    /// reference's CHECK requires of the interface its plugin made.
    public static func expectKind(_ kind: String, of attachment: Attachment) throws(CNIError) {
        guard attachment.link.kindName == kind else {
            throw CNIError(.internal, "Error: Container interface \(attachment.expected.name) not of type \(kind)")
        }
    }
}
