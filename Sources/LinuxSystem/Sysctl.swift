#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Kernel parameters under `/proc/sys`, by their `sysctl` names.
///
/// Network parameters (`net.*`) belong to the network namespace of the thread that opens the file,
/// so to read or write them in another namespace, call these inside
/// `NetworkNamespace.perform` (or use its `readSysctl`/`writeSysctl`).
public enum Sysctl {
    /// The file for a parameter. Dotted names (`net.ipv4.ip_forward`) map dots to slashes;
    /// an interface name containing dots must be given in slash form
    /// (`net/ipv4/conf/eth0.100/forwarding`), which is used as is.
    public static func path(for name: String) -> String {
        let relative = name.contains("/") ? name : name.replacingDots()
        return "/proc/sys/" + (relative.hasPrefix("/") ? String(relative.dropFirst()) : relative)
    }

    /// A parameter's value, without the trailing newline. Equivalent to `sysctl -n NAME`.
    public static func read(_ name: String) throws -> String {
        let bytes = try FileSystem.readFile(path(for: name), limit: 1 << 20)
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\n" { text.removeLast() }
        return text
    }

    /// Sets a parameter. Equivalent to `sysctl -w NAME=VALUE`.
    public static func write(_ name: String, _ value: String) throws {
        try FileSystem.writeFile(path(for: name), Array(value.utf8))
    }
}

extension String {
    fileprivate func replacingDots() -> String {
        String(map { $0 == "." ? "/" : $0 })
    }
}
