import LinuxSystem

/// Kernel parameters of a namespace (`/proc/sys/net/...`), read and written from a thread inside it.
extension NetworkNamespace {
    /// A parameter's value in this namespace. Equivalent to `ip netns exec NS sysctl -n NAME`.
    public func readSysctl(_ name: String) throws -> String {
        try perform { try Sysctl.read(name) }
    }

    /// Sets a parameter in this namespace. Equivalent to `ip netns exec NS sysctl -w NAME=VALUE`.
    public func writeSysctl(_ name: String, _ value: String) throws {
        try perform { try Sysctl.write(name, value) }
    }
}
