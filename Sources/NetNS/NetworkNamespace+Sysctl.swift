import LinuxSystem

/// Kernel parameters under `/proc/sys`, read and written from inside a namespace: the `net.*`
/// ones are per network namespace, and `/proc/sys/net` shows the namespace of the thread that
/// opens it.
extension NetworkNamespace {
    /// Reads a parameter (`net.ipv4.ip_forward` or `net/ipv4/ip_forward`), trimmed.
    /// Equivalent to `ip netns exec NS sysctl -n KEY`.
    public func sysctl(_ key: String) throws -> String {
        let path = Self.sysctlPath(key)
        return try perform { String(decoding: try FileSystem.readFile(path), as: UTF8.self).filter { $0 != "\n" } }
    }

    /// Writes a parameter. Equivalent to `ip netns exec NS sysctl -w KEY=VALUE`.
    public func setSysctl(_ key: String, to value: String) throws {
        let path = Self.sysctlPath(key)
        try perform { try FileSystem.writeFile(path, Array(value.utf8)) }
    }

    /// `/proc/sys/` and the key with dots turned into slashes (interface names with dots are
    /// written with slashes already, as sysctl(8) allows).
    public static func sysctlPath(_ key: String) -> String {
        let relative = key.contains("/") ? key : key.replacingDots()
        return "/proc/sys/" + relative
    }
}

extension String {
    fileprivate func replacingDots() -> String { String(map { $0 == "." ? "/" : $0 }) }
}
