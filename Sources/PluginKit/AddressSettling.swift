#if canImport(Glibc)
import Glibc
#endif
public import CNISpec
public import Netlink
import NetlinkCodec

/// Waiting for IPv6 duplicate address detection to finish on an interface.
///
/// A new IPv6 address is tentative until DAD completes (about a second), and the kernel refuses
/// a tentative address as a route's preferred source. Plugins that add such routes wait first,
/// as the reference plugins do (`ip.SettleAddresses`): the address stays protected by DAD rather
/// than having it switched off.
public enum AddressSettling {
    /// Polls the interface's addresses until none is tentative. An address that failed DAD is a
    /// duplicate on the link, reported at once; after `timeoutSeconds` the wait gives up.
    public static func waitUntilSettled(
        interfaceIndex: Int32, name: String, netlink: RouteNetlink, timeoutSeconds: UInt32 = 10
    ) throws(CNIError) {
        let step: UInt32 = 50_000  // microseconds
        var waited: UInt32 = 0
        while true {
            let addresses: [InterfaceAddress]
            do {
                addresses = try netlink.addresses(family: .v6, of: .index(interfaceIndex))
            } catch {
                throw CNIError(error, "failed to list addresses of \(name)")
            }
            if let duplicate = addresses.first(where: { $0.flags.contains(.dadFailed) }) {
                throw CNIError(.internal, "address \(duplicate.prefix?.description ?? "?") on \(name) failed duplicate address detection")
            }
            if !addresses.contains(where: { $0.flags.contains(.tentative) }) { return }
            if waited >= timeoutSeconds * 1_000_000 {
                throw CNIError(.internal, "link \(name) still has tentative addresses after \(timeoutSeconds) seconds")
            }
            usleep(step)
            waited += step
        }
    }
}
