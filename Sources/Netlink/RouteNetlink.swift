@_exported public import NetAddress
@_exported public import NetNS
@_exported public import NetlinkCodec

/// An rtnetlink connection bound to one network namespace: links, addresses, routes, rules,
/// neighbours and traffic control in that namespace, as `ip -n NS ...` would manage them.
///
/// Open one per namespace and reuse it for a whole plugin run:
/// ```swift
/// let container = try RouteNetlink.open(in: try NetworkNamespace.open("/var/run/netns/c1"))
/// try container.setLinkUp("lo")
/// ```
/// The socket is created on a short-lived thread inside the namespace and stays bound to it; the
/// object can then be used from any thread without anyone entering the namespace again. Calls are
/// synchronous and serialized. Every request asks for an acknowledgement, so a call that returns
/// has been applied, and a call that fails throws a ``NetlinkError`` naming what it was doing.
public final class RouteNetlink: Sendable {
    let socket: NetlinkSocket
    /// The namespace the socket is bound to.
    public let namespace: NetworkNamespace?
    /// How errors name the namespace (its path), or `nil` for the caller's own.
    let namespaceLabel: String?

    /// How often a dump is retried when the kernel reports it was interrupted by changes.
    static let dumpAttempts = NetlinkSocket.dumpAttempts

    init(socket: NetlinkSocket, namespace: NetworkNamespace?, label: String?) {
        self.socket = socket
        self.namespace = namespace
        namespaceLabel = label
    }

    /// Opens a connection to the kernel in `namespace`, or in the calling thread's namespace.
    ///
    /// Opening inside a namespace runs on a fresh thread that enters the namespace, creates the
    /// socket and ends; the calling thread never changes namespace.
    public static func open(in namespace: NetworkNamespace? = nil) throws(NetlinkError) -> RouteNetlink {
        guard let namespace else {
            let socket = try NetlinkSocket.openRoute()
            // Remember where we are, for the few operations that must run inside (tun devices).
            return RouteNetlink(socket: socket, namespace: try? NetworkNamespace.current(), label: nil)
        }
        let socket = try NetlinkSocket.open(.route, in: namespace)
        return RouteNetlink(socket: socket, namespace: namespace, label: namespace.path)
    }

    // MARK: Requests

    /// Sends a request that changes something, with `NLM_F_ACK`, and waits for the acknowledgement.
    func execute(
        _ type: NetlinkMessageType, flags: NetlinkMessageFlags = [], _ body: some NetlinkMessageBody,
        operation: String, object: String?
    ) throws(NetlinkError) {
        let request = body.message(type: type, flags: flags.union([.request, .acknowledge]))
        do throws(NetlinkError) {
            _ = try socket.transact(request, isDump: false, operation: operation, object: object)
        } catch {
            throw error.inNamespace(namespaceLabel)
        }
    }

    /// Sends a get request for one object and decodes the single reply.
    func get<Reply: NetlinkMessageBody>(
        _ type: NetlinkMessageType, _ body: some NetlinkMessageBody, as _: Reply.Type,
        operation: String, object: String?
    ) throws(NetlinkError) -> Reply {
        let request = body.message(type: type, flags: [.request, .acknowledge])
        do throws(NetlinkError) {
            let reply = try socket.transact(request, isDump: false, operation: operation, object: object)
            guard let first = reply.messages.first else {
                throw NetlinkError(.protocolError, operation: operation, object: object, reason: "no reply")
            }
            do throws(NetlinkDecodingError) {
                return try first.body(as: Reply.self)
            } catch {
                throw NetlinkError.malformed(error, operation: operation, object: object)
            }
        } catch {
            throw error.inNamespace(namespaceLabel)
        }
    }

    /// Dumps a table and decodes every entry of the reply type, retrying when the kernel reports
    /// the dump was interrupted by concurrent changes (`NLM_F_DUMP_INTR`), so the result is
    /// consistent.
    func dump<Reply: NetlinkMessageBody>(
        _ type: NetlinkMessageType, _ body: some NetlinkMessageBody, replyType: NetlinkMessageType,
        as _: Reply.Type, operation: String, object: String? = nil
    ) throws(NetlinkError) -> [Reply] {
        let request = body.message(type: type, flags: [.request, .acknowledge, .dump])
        do throws(NetlinkError) {
            return try socket.dump(request, replyType: replyType, as: Reply.self, operation: operation, object: object)
        } catch {
            throw error.inNamespace(namespaceLabel)
        }
    }
}

extension NetlinkError {
    /// The error with the namespace named, unless one is named already.
    func inNamespace(_ label: String?) -> NetlinkError {
        var copy = self
        if copy.namespace == nil { copy.namespace = label }
        return copy
    }

    /// The error with a reason.
    func with(reason: String) -> NetlinkError {
        var copy = self
        copy.reason = reason
        return copy
    }
}
