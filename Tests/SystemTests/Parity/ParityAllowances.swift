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

    private static let perPlugin: [String: [AllowedDifference]] = [:]
}
