#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import NetAddress
import PluginKit

/// `lo` in the calling thread's namespace, through the classic socket ioctls and `getifaddrs`.
/// These are enough for the one interface every namespace has; links and addresses in general
/// go through the netlink layer.
enum LoopbackInterface {
    /// Sets or clears `IFF_UP` (`ip link set lo up|down`).
    static func setUp(_ up: Bool) throws {
        try withRequest { fd, request in
            var flags = Int32(request.ifr_ifru.ifru_flags)
            flags = up ? flags | Int32(IFF_UP) : flags & ~Int32(IFF_UP)
            request.ifr_ifru.ifru_flags = Int16(truncatingIfNeeded: flags)
            if ioctl(fd, UInt(SIOCSIFFLAGS), &request) != 0 { throw failure("set flags of lo") }
        }
    }

    /// Whether `lo` is up.
    static func isUp() throws -> Bool {
        try withRequest { _, request in Int32(request.ifr_ifru.ifru_flags) & Int32(IFF_UP) != 0 }
    }

    /// The addresses on `lo`, IPv4 first, in the kernel's order within a family.
    static func addresses() throws -> [IPPrefix] {
        try InterfaceQuery.snapshot(of: "lo")?.addresses ?? []
    }

    private static func withRequest<T>(_ body: (Int32, inout ifreq) throws -> T) throws -> T {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("open socket") }
        defer { close(fd) }
        var request = ifreq()
        withUnsafeMutableBytes(of: &request.ifr_ifrn.ifrn_name) { name in
            for (index, byte) in "lo".utf8.enumerated() { name[index] = byte }
        }
        if ioctl(fd, UInt(SIOCGIFFLAGS), &request) != 0 { throw failure("get flags of lo") }
        return try body(fd, &request)
    }

    private static func failure(_ what: String) -> CNIError {
        CNIError(.internal, "\(what): \(String(cString: strerror(errno)))")
    }
}
