public import CNISpec

/// Checks of configuration values several plugins share, each failing with code 7 and a
/// message naming the key.
public enum ConfigValues {
    /// An `mtu` key: absent, 0 or negative means the kernel's default (the reference passes a
    /// value that is not positive on as "unset", and configurations written for it use `-1`);
    /// otherwise 68 (IPv4's minimum) to 65535.
    public static func mtu(_ value: Int?, field: String = "mtu") throws(CNIError) -> UInt32? {
        guard let value, value > 0 else { return nil }
        guard (68...65535).contains(value) else {
            throw CNIError(.invalidNetworkConfig, "invalid \"\(field)\" \(value): must be between 68 and 65535")
        }
        return UInt32(value)
    }

    /// A key naming a link: absent or empty gives `nil`; otherwise a name the kernel accepts
    /// (at most 15 bytes, no `/` or whitespace).
    public static func linkName(_ value: String?, field: String) throws(CNIError) -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard value.utf8.count <= 15, !value.contains("/"), !value.contains(where: \.isWhitespace), value != ".", value != ".." else {
            throw CNIError(.invalidNetworkConfig, "invalid \"\(field)\" name \"\(value)\"")
        }
        return value
    }
}
