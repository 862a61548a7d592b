#if canImport(Glibc)
import Glibc
#endif
public import NetAddress

/// The addresses and hardware address of an interface in the calling thread's namespace, read
/// with `getifaddrs`. Call it from inside `NetworkNamespace.perform`.
public enum InterfaceQuery {
    /// What `getifaddrs` knows about one interface.
    public struct Snapshot: Sendable, Equatable {
        public var name: String
        public var addresses: [IPPrefix]
        public var mac: MACAddress?
        public var isUp: Bool
    }

    /// The interface named `name`, or `nil` if the namespace has none by that name. Addresses
    /// are IPv4 first, in the kernel's order within a family.
    public static func snapshot(of name: String) throws -> Snapshot? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { throw QueryError(errno: errno) }
        defer { freeifaddrs(list) }
        var found = false
        var addresses: [IPPrefix] = []
        var mac: MACAddress?
        var isUp = false
        var entry = list
        while let current = entry?.pointee {
            defer { entry = current.ifa_next }
            guard String(cString: current.ifa_name) == name else { continue }
            found = true
            isUp = current.ifa_flags & UInt32(IFF_UP) != 0
            guard let address = current.ifa_addr else { continue }
            switch Int32(address.pointee.sa_family) {
            case AF_PACKET:
                // struct sockaddr_ll: family, protocol (2 bytes each), ifindex (4), hatype (2),
                // pkttype (1), halen (1) at offset 11, addr[8] at offset 12.
                let raw = UnsafeRawPointer(address)
                let length = min(Int(raw.load(fromByteOffset: 11, as: UInt8.self)), 8)
                mac = MACAddress(bytes: (0..<length).map { raw.load(fromByteOffset: 12 + $0, as: UInt8.self) })
            case AF_INET, AF_INET6:
                if let mask = current.ifa_netmask, let prefix = prefix(address, mask) { addresses.append(prefix) }
            default:
                break
            }
        }
        guard found else { return nil }
        return Snapshot(
            name: name, addresses: addresses.filter { $0.family == .v4 } + addresses.filter { $0.family == .v6 },
            mac: mac, isUp: isUp)
    }

    /// A `getifaddrs` failure.
    public struct QueryError: Error, CustomStringConvertible {
        public var errno: Int32
        public var description: String { "getifaddrs: \(String(cString: strerror(errno)))" }
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
        return IPPrefix(address: ip, prefixLength: maskBytes.reduce(0) { $0 + $1.nonzeroBitCount })
    }
}
