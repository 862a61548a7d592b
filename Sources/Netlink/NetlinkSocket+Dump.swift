import NetNS
import NetlinkCodec

extension NetlinkSocket {
    /// How often a dump is retried when the kernel reports it was interrupted by changes.
    static let dumpAttempts = 10

    /// Sends a dump request (a complete message with `NLM_F_DUMP`) and decodes every reply of
    /// `replyType`, retrying when the kernel reports the dump was interrupted by concurrent changes
    /// (`NLM_F_DUMP_INTR`), so the result is consistent.
    func dump<Reply: NetlinkMessageBody>(
        _ request: [UInt8], replyType: NetlinkMessageType, as _: Reply.Type, operation: String, object: String?
    ) throws(NetlinkError) -> [Reply] {
        for _ in 0..<Self.dumpAttempts {
            let reply = try transact(request, isDump: true, operation: operation, object: object)
            if reply.interrupted { continue }
            var results: [Reply] = []
            results.reserveCapacity(reply.messages.count)
            for message in reply.messages where message.header.type == replyType {
                do throws(NetlinkDecodingError) {
                    results.append(try message.body(as: Reply.self))
                } catch {
                    throw NetlinkError.malformed(error, operation: operation, object: object)
                }
            }
            return results
        }
        throw NetlinkError(
            .dumpInterrupted, operation: operation, object: object,
            reason: "the dump was interrupted by concurrent changes \(Self.dumpAttempts) times")
    }

    /// Opens a socket of `netlinkProtocol` inside `namespace` (on a short-lived thread that
    /// enters it), or in the calling thread's namespace when `namespace` is `nil`.
    static func open(_ netlinkProtocol: NetlinkProtocol, in namespace: NetworkNamespace?) throws(NetlinkError) -> NetlinkSocket {
        guard let namespace else { return try open(netlinkProtocol) }
        do {
            return try namespace.perform { () throws -> NetlinkSocket in try NetlinkSocket.open(netlinkProtocol) }
        } catch let error as NetlinkError {
            throw error.inNamespace(namespace.path)
        } catch let error as NetNSError {
            let code: NetlinkError.Code = error.code == .permissionDenied ? .permissionDenied
                : error.code == .notFound ? .notFound : .system
            throw NetlinkError(code, operation: "open netlink socket", namespace: namespace.path).with(reason: error.description)
        } catch {
            throw NetlinkError(.system, operation: "open netlink socket", reason: "\(error)", namespace: namespace.path)
        }
    }
}
