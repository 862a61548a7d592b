import TestSupport

/// The kernel state where our plugins differ from Debian's reference plugins on purpose, each
/// with its reason (`docs/differences.md` has the user-facing side). Everything else of
/// ``KernelState`` must match exactly.
enum ParityAllowances {
    /// For every plugin.
    static let common: [AllowedDifference] = []

    /// For `plugin`'s parity runs: the common ones and its own.
    static func of(_ plugin: String) -> [AllowedDifference] {
        common + (perPlugin[plugin] ?? [])
    }

    /// Unsolicited IPv6 neighbour advertisements on the new link, as current upstream macvlan and
    /// ipvlan set them (v1.1.1 sets only `arp_notify`): IPv6 neighbours learn the new MAC too.
    private static let neighbourAdvertisements = AllowedDifference(
        "*sysctl/eth0/ipv6/ndisc_notify", because: "ndisc_notify on, as current upstream; v1.1.1 only sets arp_notify")

    private static let perPlugin: [String: [AllowedDifference]] = [
        "macvlan": [neighbourAdvertisements], "ipvlan": [neighbourAdvertisements],
    ]
}
