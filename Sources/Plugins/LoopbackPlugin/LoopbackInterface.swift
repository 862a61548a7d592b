#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import NetAddress

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
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { throw failure("list addresses") }
        defer { freeifaddrs(list) }
        var found: [IPPrefix] = []
        var entry = list
        while let current = entry?.pointee {
            defer { entry = current.ifa_next }
            guard String(cString: current.ifa_name) == "lo", let address = current.ifa_addr,
                  let mask = current.ifa_netmask else { continue }
            if let prefix = prefix(address, mask) { found.append(prefix) }
        }
        return found.filter { $0.family == .v4 } + found.filter { $0.family == .v6 }
    }

    private static func prefix(_ address: UnsafeMutablePointer<sockaddr>, _ mask: UnsafeMutablePointer<sockaddr>) -> IPPrefix? {
        func bytes(_ pointer: UnsafeMutablePointer<sockaddr>) -> [UInt8]? {
            switch Int32(pointer.pointee.sa_family) {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) }
                }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) }
                }
            default:
                return nil
            }
        }
        guard let addressBytes = bytes(address), let maskBytes = bytes(mask),
              let ip = IPAddress(bytes: addressBytes) else { return nil }
        let length = maskBytes.reduce(0) { $0 + $1.nonzeroBitCount }
        return IPPrefix(address: ip, prefixLength: length)
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
