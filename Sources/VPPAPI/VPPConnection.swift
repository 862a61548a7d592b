import LinuxSystem

/// One client registration with VPP over its API socket (`socksvr { socket-name ... }`,
/// `/run/vpp/api.sock` by default).
///
/// Connecting registers with `sockclnt_create`, whose answer is VPP's message table: every
/// message it speaks, named with its definition's CRC, and the ID it has in this VPP process.
/// Each request looks up its message and its answer's by name and CRC before anything is sent,
/// so a VPP whose definitions differ from ours is refused with the message's name, not misread.
///
/// Synchronous on purpose, like the OVSDB client: a plugin makes a handful of calls and exits.
/// Messages that answer nothing we asked (events, answers to requests we gave up on) are
/// skipped; VPP's keep-alive is answered. Not thread-safe: one connection belongs to one caller.
public final class VPPConnection {
    /// The socket path.
    public let path: String
    /// Seconds each request may take.
    public let timeout: Double
    /// Our registration's index, sent as `client_index` in every request.
    public private(set) var clientIndex: UInt32 = 0
    /// Whether the last request's bytes went out before it failed (a request that never left
    /// may be sent again on a new connection whatever it is).
    private(set) var lastRequestWasSent = false
    private let stream: UnixStreamConnection
    private let table: SockclntCreateReply
    private var lookedUp: [String: (crc: String, id: UInt16)?] = [:]
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    private var nextContext: UInt32 = 1
    private var isClosed = false
    private var keepaliveID: UInt16?

    /// Connects and registers as `clientName`.
    public init(path: String, clientName: String = "swift-cni", timeout: Double = 5) throws(VPPAPIError) {
        self.path = path
        self.timeout = timeout
        do {
            stream = try UnixStreamConnection(path: path)
        } catch {
            throw Self.mapped(error)
        }
        let context: UInt32 = 0x5357_4946  // any value: the answer must carry it back
        let answer = try Self.register(on: stream, try SockclntCreate(context: context, name: clientName).encoded(),
                                       until: ProcessRunner.monotonicSeconds() + timeout)
        table = try SockclntCreateReply(answer.reply)
        buffer = answer.rest
        let reply = table
        guard reply.context == context else {
            throw VPPAPIError(.protocolViolation, "sockclnt_create_reply carries context \(reply.context), not ours")
        }
        guard reply.response >= 0 else {
            throw VPPAPIError(.requestFailed, "sockclnt_create: VPP refused the registration (\(reply.response))",
                              returnValue: reply.response)
        }
        clientIndex = reply.index
        keepaliveID = table.entry(named: MemclntKeepalive.name)?.id
    }

    deinit { close() }

    /// How many messages VPP's table holds.
    public var messageCount: Int { table.count }

    private func entry(named name: String) -> (crc: String, id: UInt16)? {
        if let known = lookedUp[name] { return known }
        let found = table.entry(named: name)
        lookedUp[name] = found
        return found
    }

    /// The ID of message `name` with definition `crc` in this VPP, or a clear error: VPP does
    /// not know it (its plugin is not loaded), or knows another definition of it.
    public func messageID(_ name: String, crc: String) throws(VPPAPIError) -> UInt16 {
        guard let entry = entry(named: name) else {
            throw VPPAPIError(.unknownMessage, "VPP at \(path) does not know message \(name) (is its plugin loaded?)")
        }
        guard entry.crc == crc else {
            throw VPPAPIError(.crcMismatch, "VPP at \(path) defines message \(name) with CRC \(entry.crc); we speak " +
                              "\(crc): a VPP version this client does not support")
        }
        return entry.id
    }

    /// Sends `request` and returns its answer; a negative `retval` is thrown as
    /// ``VPPAPIError/Code/requestFailed`` naming the message.
    @discardableResult
    public func call<Request: VPPRequest>(_ request: Request) throws(VPPAPIError) -> Request.Reply {
        let requestID = try messageID(Request.name, crc: Request.crc)
        let replyID = try messageID(Request.Reply.name, crc: Request.Reply.crc)
        let context = takeContext()
        try send(try encode(request, id: requestID, context: context))
        let deadline = ProcessRunner.monotonicSeconds() + timeout
        while true {
            let message = try receiveMessage(until: deadline, forRequest: Request.name)
            guard message.id == replyID, message.context == context else { continue }
            let reply: Request.Reply = try VPPCodec.reply(message.bytes)
            if let value = reply.returnValue, value < 0 {
                throw VPPAPIError(.requestFailed, "\(Request.name): VPP answered \(value) " +
                                  "(\(VPPAPIError.describe(returnValue: value)))", returnValue: value)
            }
            return reply
        }
    }

    /// Sends `request` and a `control_ping` behind it, and returns the details messages that
    /// come before the ping's answer.
    public func dump<Request: VPPDumpRequest>(_ request: Request) throws(VPPAPIError) -> [Request.Details] {
        let requestID = try messageID(Request.name, crc: Request.crc)
        let detailsID = try messageID(Request.Details.name, crc: Request.Details.crc)
        let pingID = try messageID(ControlPing.name, crc: ControlPing.crc)
        let pingReplyID = try messageID(ControlPingReply.name, crc: ControlPingReply.crc)
        let context = takeContext()
        try send(try encode(request, id: requestID, context: context))
        try send(try encode(ControlPing(), id: pingID, context: context))
        let deadline = ProcessRunner.monotonicSeconds() + timeout
        var details: [Request.Details] = []
        while true {
            let message = try receiveMessage(until: deadline, forRequest: Request.name)
            guard message.context == context else { continue }
            if message.id == pingReplyID { return details }
            guard message.id == detailsID else { continue }
            details.append(try VPPCodec.reply(message.bytes))
        }
    }

    /// Ends the registration (`sockclnt_delete`, not waited for) and closes the socket.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        if let id = try? messageID(SockclntDelete.name, crc: SockclntDelete.crc),
           let bytes = try? encode(SockclntDelete(index: clientIndex), id: id, context: takeContext()) {
            try? stream.write(VPPFrame.framed(bytes))
        }
    }

    // MARK: - Messages on the wire

    private func takeContext() -> UInt32 {
        defer { nextContext = nextContext == .max ? 1 : nextContext + 1 }
        return nextContext
    }

    private func encode<Request: VPPRequest>(_ request: Request, id: UInt16, context: UInt32) throws(VPPAPIError) -> [UInt8] {
        try VPPCodec.encode(request, id: id, clientIndex: clientIndex, context: context)
    }

    private func encode<Request: VPPDumpRequest>(_ request: Request, id: UInt16, context: UInt32) throws(VPPAPIError) -> [UInt8] {
        try VPPCodec.encode(request, id: id, clientIndex: clientIndex, context: context)
    }

    private func send(_ message: [UInt8]) throws(VPPAPIError) {
        lastRequestWasSent = false
        guard !isClosed else { throw VPPAPIError(.connectionLost, "the connection to \(path) is closed") }
        do {
            try stream.write(VPPFrame.framed(message))
        } catch {
            throw Self.mapped(error)
        }
        lastRequestWasSent = true
    }

    /// The next message that could be an answer: its ID, its context (the `u32` after the ID,
    /// where answers carry it) and its bytes. VPP's keep-alive is answered on the way.
    private func receiveMessage(until deadline: Double, forRequest name: String)
        throws(VPPAPIError) -> (id: UInt16, context: UInt32, bytes: [UInt8])
    {
        while true {
            let bytes: [UInt8]
            do {
                bytes = try receiveFrame(until: deadline)
            } catch {
                guard error.code == .timeout else { throw error }
                throw VPPAPIError(.timeout, "\(name): no answer from VPP at \(path) within \(timeout) s")
            }
            guard bytes.count >= 6 else {
                throw VPPAPIError(.protocolViolation, "VPP at \(path) sent a message of \(bytes.count) bytes")
            }
            var header = VPPDecoder(bytes, messageName: "message header")
            let id = try header.u16()
            let context = try header.u32()
            if let keepaliveID, keepaliveID == id {
                try answerKeepalive(bytes)
                continue
            }
            return (id, context, bytes)
        }
    }

    /// `memclnt_keepalive` carries `client_index` before `context`; the answer echoes the context.
    private func answerKeepalive(_ request: [UInt8]) throws(VPPAPIError) {
        var decoder = VPPDecoder(request, offset: 6, messageName: MemclntKeepalive.name)
        let context = try decoder.u32()
        guard let replyID = try? messageID(MemclntKeepaliveReply.name, crc: MemclntKeepaliveReply.crc) else { return }
        var encoder = VPPEncoder()
        encoder.u16(replyID)
        encoder.u32(context)
        encoder.i32(0)
        do { try stream.write(VPPFrame.framed(encoder.bytes)) } catch { throw Self.mapped(error) }
    }

    /// Sends `sockclnt_create` and reads its answer, before the connection is fully set up;
    /// returns the answer and whatever came after it.
    private static func register(on stream: UnixStreamConnection, _ message: [UInt8], until deadline: Double)
        throws(VPPAPIError) -> (reply: [UInt8], rest: [UInt8])
    {
        var received: [UInt8] = []
        do {
            try stream.write(VPPFrame.framed(message))
            while true {
                if let first = VPPFrame.firstMessage(in: received[...]) {
                    return (first.message, Array(received[first.size...]))
                }
                received += try stream.read(until: deadline)
            }
        } catch {
            throw mapped(error)
        }
    }

    /// One whole message, without its frame header.
    private func receiveFrame(until deadline: Double) throws(VPPAPIError) -> [UInt8] {
        while true {
            if let (message, size) = VPPFrame.firstMessage(in: buffer[bufferStart...]) {
                bufferStart += size
                if bufferStart == buffer.count {
                    buffer.removeAll(keepingCapacity: true)
                    bufferStart = 0
                }
                return message
            }
            do {
                buffer += try stream.read(until: deadline)
            } catch {
                throw Self.mapped(error)
            }
        }
    }

    private static func mapped(_ failure: UnixStreamConnection.Failure) -> VPPAPIError {
        switch failure.kind {
        case .connect: VPPAPIError(.connect, failure.message)
        case .connectionLost: VPPAPIError(.connectionLost, failure.message)
        case .timeout: VPPAPIError(.timeout, failure.message)
        }
    }
}
