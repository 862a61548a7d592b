#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LinuxSystem

/// Tun and tap devices. The kernel creates them through `/dev/net/tun`, not netlink, in the
/// namespace of the thread that opens that file, so this runs on a thread inside the socket's
/// namespace. Once created, they are links like any other (list, configure, delete).
extension RouteNetlink {
    private enum Tun {
        static let setInterface: UInt = 0x4004_54CA  // TUNSETIFF
        static let setPersist: UInt = 0x4004_54CB  // TUNSETPERSIST
        static let setOwner: UInt = 0x4004_54CC  // TUNSETOWNER
        static let setGroup: UInt = 0x4004_54CE  // TUNSETGROUP
        static let tun: UInt16 = 0x0001  // IFF_TUN
        static let tap: UInt16 = 0x0002  // IFF_TAP
        static let multiQueue: UInt16 = 0x0100  // IFF_MULTI_QUEUE
        static let noPacketInformation: UInt16 = 0x1000  // IFF_NO_PI
        static let virtioNetHeader: UInt16 = 0x4000  // IFF_VNET_HDR
    }

    /// Options of a new tun or tap device.
    public struct TunTapOptions: Sendable, Hashable {
        /// The user allowed to attach to it (`user UID`), `nil` for anyone with `CAP_NET_ADMIN`.
        public var owner: UInt32?
        /// The group allowed to attach to it (`group GID`).
        public var group: UInt32?
        /// Several queues (`multi_queue`).
        public var multiQueue: Bool
        /// Packets carry the 4-byte packet information header (`pi`).
        public var packetInformation: Bool
        /// Packets carry a virtio-net header (`vnet_hdr`).
        public var virtioNetHeader: Bool

        /// Creates options; the defaults are those of `ip tuntap add`.
        public init(owner: UInt32? = nil, group: UInt32? = nil, multiQueue: Bool = false,
                    packetInformation: Bool = false, virtioNetHeader: Bool = false) {
            self.owner = owner
            self.group = group
            self.multiQueue = multiQueue
            self.packetInformation = packetInformation
            self.virtioNetHeader = virtioNetHeader
        }
    }

    /// Creates a persistent tun or tap device in the socket's namespace.
    /// Equivalent to `ip tuntap add dev NAME mode tun|tap [user U] [group G] [multi_queue] [vnet_hdr]`.
    public func addTunTap(named name: String, mode: TunOptions.Mode, options: TunTapOptions = TunTapOptions()) throws(NetlinkError) {
        let operation = "create \(mode == .tun ? "tun" : "tap")"
        try LinkName.validate(name, operation: operation)
        var flags = mode == .tun ? Tun.tun : Tun.tap
        if !options.packetInformation { flags |= Tun.noPacketInformation }
        if options.multiQueue { flags |= Tun.multiQueue }
        if options.virtioNetHeader { flags |= Tun.virtioNetHeader }
        try onTunDevice(name, flags: flags, operation: operation) { (fd) throws(NetlinkError) in
            if let owner = options.owner, ioctl(fd, Tun.setOwner, Int32(bitPattern: owner)) < 0 {
                throw NetlinkError(errno: errno, operation: "\(operation) (set owner)", object: "link \(name)")
            }
            if let group = options.group, ioctl(fd, Tun.setGroup, Int32(bitPattern: group)) < 0 {
                throw NetlinkError(errno: errno, operation: "\(operation) (set group)", object: "link \(name)")
            }
            if ioctl(fd, Tun.setPersist, Int32(1)) < 0 {
                throw NetlinkError(errno: errno, operation: "\(operation) (persist)", object: "link \(name)")
            }
        }
    }

    /// Deletes a persistent tun or tap device by clearing its persistence.
    /// Equivalent to `ip tuntap del dev NAME mode tun|tap`.
    public func deleteTunTap(named name: String, mode: TunOptions.Mode) throws(NetlinkError) {
        let operation = "delete \(mode == .tun ? "tun" : "tap")"
        try LinkName.validate(name, operation: operation)
        // Attaching needs the device's own flags, which the kernel reports in the link dump.
        let link = try link(named: name)
        guard case .tun(let tun)? = link.info?.kind else {
            throw NetlinkError(.invalidArgument, operation: operation, object: "link \(name)", reason: "not a tun/tap device")
        }
        var flags = mode == .tun ? Tun.tun : Tun.tap
        if tun.packetInformation != true { flags |= Tun.noPacketInformation }
        if tun.multiQueue == true { flags |= Tun.multiQueue }
        if tun.virtioNetHeader == true { flags |= Tun.virtioNetHeader }
        try onTunDevice(name, flags: flags, operation: operation) { (fd) throws(NetlinkError) in
            if ioctl(fd, Tun.setPersist, Int32(0)) < 0 {
                throw NetlinkError(errno: errno, operation: operation, object: "link \(name)")
            }
        }
    }

    /// Opens `/dev/net/tun` on a thread inside the socket's namespace, attaches it to (or creates)
    /// the device with `TUNSETIFF`, runs `body` with the descriptor, and closes it.
    private func onTunDevice(
        _ name: String, flags: UInt16, operation: String, _ body: (Int32) throws(NetlinkError) -> Void
    ) throws(NetlinkError) {
        let work = { () throws -> Void in
            let fd = Glibc.open("/dev/net/tun", O_RDWR | O_CLOEXEC)
            if fd < 0 { throw NetlinkError(errno: errno, operation: "\(operation) (open /dev/net/tun)", object: "link \(name)") }
            defer { _ = close(fd) }
            // struct ifreq { char ifr_name[16]; short ifr_flags; ... } (40 bytes)
            var request = [UInt8](repeating: 0, count: 40)
            request.replaceSubrange(0..<name.utf8.count, with: name.utf8)
            request[16] = UInt8(truncatingIfNeeded: flags)
            request[17] = UInt8(truncatingIfNeeded: flags >> 8)
            let error = request.withUnsafeMutableBytes { raw -> Int32 in
                guard let pointer = raw.baseAddress else { return EFAULT }
                return ioctl(fd, Tun.setInterface, pointer) < 0 ? errno : 0
            }
            if error != 0 { throw NetlinkError(errno: error, operation: operation, object: "link \(name)") }
            try body(fd)
        }
        do {
            if let namespace {
                try namespace.perform(work)
            } else {
                try DedicatedThread.run(work)
            }
        } catch let error as NetlinkError {
            throw error.inNamespace(namespaceLabel)
        } catch {
            throw NetlinkError(.system, operation: operation, object: "link \(name)", reason: "\(error)", namespace: namespaceLabel)
        }
    }
}
