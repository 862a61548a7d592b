#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LinuxSystem
import NetlinkCodec
import Synchronization

/// Where netlink datagrams go and come from: the kernel, or in tests a script.
///
/// A channel is only used under ``NetlinkSocket``'s lock, one request at a time.
protocol NetlinkChannel: Sendable {
    /// Sends one complete request.
    func send(_ request: [UInt8], operation: String, object: String?) throws(NetlinkError)
    /// Receives one datagram.
    func receive(operation: String, object: String?) throws(NetlinkError) -> [UInt8]
}

/// A netlink socket: sends one request at a time and collects the kernel's complete answer.
///
/// The socket is bound to the network namespace of the thread that created it and stays there, so
/// it may be used from any thread afterwards; a lock keeps one request and its replies together.
/// Every request carries `NLM_F_ACK` and a fresh sequence number; replies with another sequence
/// number (left over from an abandoned request) are skipped, never mistaken for ours.
final class NetlinkSocket: Sendable {
    /// The kernel socket's descriptor (`nil` for a scripted channel), for ioctls.
    let descriptor: FileDescriptor?
    let channel: any NetlinkChannel
    let sequence: Mutex<UInt32>

    /// Creates a socket over a channel; `firstSequence` is the number before the first request's.
    init(channel: any NetlinkChannel, descriptor: FileDescriptor?, firstSequence: UInt32) {
        self.channel = channel
        self.descriptor = descriptor
        sequence = Mutex(firstSequence)
    }

    /// Netlink protocol numbers (`NETLINK_*`).
    enum NetlinkProtocol: Int32 {
        /// `NETLINK_ROUTE`: links, addresses, routes, neighbours, rules, traffic control.
        case route = 0
        /// `NETLINK_NETFILTER`: nf_tables and the other netfilter subsystems.
        case netfilter = 12
    }

    /// Opens a `NETLINK_ROUTE` socket in the calling thread's network namespace.
    static func openRoute() throws(NetlinkError) -> NetlinkSocket { try open(.route) }

    /// Opens a socket of `netlinkProtocol` in the calling thread's network namespace.
    static func open(_ netlinkProtocol: NetlinkProtocol) throws(NetlinkError) -> NetlinkSocket {
        let kernel = try KernelChannel.open(netlinkProtocol.rawValue)
        // Start from a value unlikely to match replies queued for an earlier user of the port
        // (there are none for a fresh socket, but it costs nothing).
        return NetlinkSocket(
            channel: kernel, descriptor: kernel.descriptor,
            firstSequence: UInt32(truncatingIfNeeded: kernel.portID &* 2_654_435_761))
    }

    /// The outcome of one request.
    struct Reply {
        /// The messages before the acknowledgement or `NLMSG_DONE`.
        var messages: [NetlinkMessage]
        /// Whether any part of a dump carried `NLM_F_DUMP_INTR`.
        var interrupted: Bool
    }

    /// Sends `request` (a complete message; its sequence number is filled in here) and collects
    /// the answer: for a dump, every part up to `NLMSG_DONE`; otherwise any replies up to the
    /// acknowledgement. A negative acknowledgement throws, with the kernel's message.
    func transact(_ request: [UInt8], isDump: Bool, operation: String, object: String?) throws(NetlinkError) -> Reply {
        try self.sequence.withLock { (last: inout UInt32) throws(NetlinkError) -> Reply in
            last &+= 1
            if last == 0 { last = 1 }
            let sequence = last
            var request = request
            request.storeLittleEndianUInt32(sequence, at: 8)
            try channel.send(request, operation: operation, object: object)

            var reply = Reply(messages: [], interrupted: false)
            while true {
                let datagram = try channel.receive(operation: operation, object: object)
                let messages: [NetlinkMessage]
                do throws(NetlinkDecodingError) {
                    messages = try NetlinkMessage.split(datagram[...])
                } catch {
                    throw NetlinkError.malformed(error, operation: operation, object: object)
                }
                for message in messages {
                    // Skip what answers an earlier, abandoned request.
                    guard message.header.sequence == sequence else { continue }
                    if message.header.flags.contains(.dumpInterrupted) { reply.interrupted = true }
                    switch message.header.type {
                    case .error:
                        let ack = try acknowledgement(message, operation: operation, object: object)
                        if ack.error != 0 {
                            throw NetlinkError(
                                errno: -ack.error, operation: operation, object: object, kernelMessage: ack.message)
                        }
                        if !isDump { return reply }
                    case .done:
                        let done: NetlinkAcknowledgement
                        do throws(NetlinkDecodingError) {
                            done = try NetlinkAcknowledgement(decodingDone: message.payload, flags: message.header.flags)
                        } catch {
                            throw NetlinkError.malformed(error, operation: operation, object: object)
                        }
                        if done.error < 0 {
                            throw NetlinkError(
                                errno: -done.error, operation: operation, object: object, kernelMessage: done.message)
                        }
                        if isDump { return reply }
                    case .noop:
                        continue
                    case .overrun:
                        throw NetlinkError(.protocolError, operation: operation, object: object, reason: "netlink overrun")
                    default:
                        reply.messages.append(message)
                    }
                }
            }
        }
    }

    func acknowledgement(
        _ message: NetlinkMessage, operation: String, object: String?
    ) throws(NetlinkError) -> NetlinkAcknowledgement {
        do throws(NetlinkDecodingError) {
            return try NetlinkAcknowledgement(decodingError: message.payload, flags: message.header.flags)
        } catch {
            throw NetlinkError.malformed(error, operation: operation, object: object)
        }
    }
}

/// The kernel end: an `AF_NETLINK` socket.
///
/// `@unchecked Sendable`: the receive buffer is mutable, and only ever used under the lock of the
/// ``NetlinkSocket`` that owns this channel.
final class KernelChannel: NetlinkChannel, @unchecked Sendable {
    /// `SOL_NETLINK` socket options.
    private enum Option {
        static let level: Int32 = 270
        /// `NETLINK_CAP_ACK`: errors echo only our header, not the whole request.
        static let capAcknowledgements: Int32 = 10
        /// `NETLINK_EXT_ACK`: errors carry the kernel's explanation.
        static let extendedAcknowledgements: Int32 = 11
    }

    /// The receive buffer size: a dump part is at most 32 KiB (the kernel caps it), and single
    /// replies are far smaller.
    private static let receiveBufferSize = 64 * 1024

    /// The descriptor.
    let descriptor: FileDescriptor
    /// The port ID the kernel assigned at bind time; replies are addressed to it.
    let portID: UInt32
    /// Allocated on first use and never zeroed: the kernel writes what we read, and zeroing
    /// 64 KiB would fault in 16 pages that a short-lived plugin otherwise never touches.
    private var buffer: UnsafeMutableRawBufferPointer?

    private init(descriptor: FileDescriptor, portID: UInt32) {
        self.descriptor = descriptor
        self.portID = portID
    }

    /// Opens and binds a netlink socket of protocol `netlinkProtocol` (`NETLINK_ROUTE`,
    /// `NETLINK_NETFILTER`, ...) in the calling thread's network namespace.
    static func open(_ netlinkProtocol: Int32) throws(NetlinkError) -> KernelChannel {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), netlinkProtocol)
        if fd < 0 { throw NetlinkError(errno: errno, operation: "open netlink socket") }
        let descriptor = FileDescriptor(owning: fd)
        var one: Int32 = 1
        // Both options are best effort: kernels before 4.12 lack extended acknowledgements, and the
        // requests work the same without them.
        _ = setsockopt(fd, Option.level, Option.extendedAcknowledgements, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, Option.level, Option.capAcknowledgements, &one, socklen_t(MemoryLayout<Int32>.size))

        // struct sockaddr_nl { sa_family_t nl_family; u16 nl_pad; u32 nl_pid; u32 nl_groups; }
        var address = [UInt8](repeating: 0, count: 12)
        address.storeLittleEndianUInt16(UInt16(AF_NETLINK), at: 0)
        // errno is read inside each closure, right after the call, before anything can change it.
        let bindError = address.withUnsafeBytes { raw in
            bind(fd, raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count)) == 0 ? 0 : errno
        }
        if bindError != 0 { throw NetlinkError(errno: bindError, operation: "bind netlink socket") }
        var length = socklen_t(address.count)
        let nameError = address.withUnsafeMutableBytes { raw in
            getsockname(fd, raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), &length) == 0 ? 0 : errno
        }
        if nameError != 0 { throw NetlinkError(errno: nameError, operation: "getsockname netlink socket") }
        let portID = UInt32(address[4]) | UInt32(address[5]) << 8 | UInt32(address[6]) << 16 | UInt32(address[7]) << 24
        return KernelChannel(descriptor: descriptor, portID: portID)
    }

    func send(_ request: [UInt8], operation: String, object: String?) throws(NetlinkError) {
        while true {
            let (sent, error) = request.withUnsafeBytes { raw in
                let sent = Glibc.send(descriptor.rawValue, raw.baseAddress, raw.count, 0)
                return (sent, sent < 0 ? errno : 0)
            }
            if sent == request.count { return }
            if sent < 0 && error == EINTR { continue }
            if sent < 0 { throw NetlinkError(errno: error, operation: operation, object: object) }
            throw NetlinkError(.protocolError, operation: operation, object: object, reason: "short netlink send")
        }
    }

    /// Receives one datagram. `MSG_TRUNC` makes the kernel report a datagram's full size, so one
    /// that did not fit is an error rather than silently cut.
    func receive(operation: String, object: String?) throws(NetlinkError) -> [UInt8] {
        let buffer = self.buffer ?? .allocate(byteCount: Self.receiveBufferSize, alignment: 8)
        self.buffer = buffer
        while true {
            let received = recv(descriptor.rawValue, buffer.baseAddress, buffer.count, Int32(MSG_TRUNC))
            let error = received < 0 ? errno : 0
            if received < 0 && error == EINTR { continue }
            if received < 0 {
                // ENOBUFS: the socket's receive queue overflowed and replies were dropped.
                throw NetlinkError(errno: error, operation: operation, object: object)
            }
            guard received <= buffer.count else {
                throw NetlinkError(
                    .protocolError, operation: operation, object: object,
                    reason: "netlink reply of \(received) bytes exceeds the \(buffer.count)-byte buffer")
            }
            return Array(UnsafeRawBufferPointer(rebasing: buffer[0..<received]))
        }
    }

    deinit { buffer?.deallocate() }
}

extension Array where Element == UInt8 {
    mutating func storeLittleEndianUInt16(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(truncatingIfNeeded: value)
        self[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }

    mutating func storeLittleEndianUInt32(_ value: UInt32, at offset: Int) {
        for index in 0..<4 { self[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
}
