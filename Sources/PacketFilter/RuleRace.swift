import Netlink

/// A change built from a dump of the rules can meet a rule that another process deleted in
/// between (the batch then fails with "not found" and changes nothing). Reading again and
/// retrying once settles that race; a second "not found" is a real error.
func retryingOnceIfGone(_ change: () throws(NetlinkError) -> Void) throws(NetlinkError) {
    do throws(NetlinkError) {
        try change()
    } catch {
        guard error.isNotFound else { throw error }
        try change()
    }
}
