@_exported public import NetlinkCodec
public import NetNS

/// An nf_tables connection (`NETLINK_NETFILTER`) bound to one network namespace: what `nft`
/// does, without running `nft`.
///
/// Changes go in as ``NFTBatch``es, which the kernel applies atomically:
/// ```swift
/// var batch = NFTBatch()
/// batch.addTable(NFTTable(family: .inet, name: "example"))
/// try NFTablesNetlink.open().apply(batch)   // nft add table inet example
/// ```
/// Like ``RouteNetlink``, the socket is opened inside the namespace once and can then be used
/// from any thread.
public final class NFTablesNetlink: Sendable {
    let socket: NetlinkSocket
    /// How errors name the namespace (its path), or `nil` for the caller's own.
    let namespaceLabel: String?

    init(socket: NetlinkSocket, label: String?) {
        self.socket = socket
        namespaceLabel = label
    }

    /// Opens a connection in `namespace`, or in the calling thread's namespace.
    public static func open(in namespace: NetworkNamespace? = nil) throws(NetlinkError) -> NFTablesNetlink {
        NFTablesNetlink(socket: try NetlinkSocket.open(.netfilter, in: namespace), label: namespace?.path)
    }

    /// Applies a batch as one transaction: every change or none. Equivalent to `nft -f FILE`.
    /// A failure names the first change the kernel refused.
    public func apply(_ batch: NFTBatch, operation: String = "apply nftables batch") throws(NetlinkError) {
        guard !batch.isEmpty else { return }
        do throws(NetlinkError) {
            try socket.transactBatch(
                begin: NFTBatch.delimiter(.batchBegin), messages: batch.messages(extraFlags: .acknowledge),
                end: NFTBatch.delimiter(.batchEnd), operation: operation, objects: batch.entries.map(\.summary))
        } catch {
            throw error.inNamespace(namespaceLabel)
        }
    }

    /// The rules of one chain with their handles and comments, in order; none when the table or
    /// the chain does not exist. Equivalent to `nft -a list chain FAMILY TABLE CHAIN`.
    public func rules(_ family: NFTFamily, table: String, chain: String) throws(NetlinkError) -> [NFTRule] {
        let request = Self.listRulesRequest(family, table: table, chain: chain, flags: .acknowledge)
        do throws(NetlinkError) {
            return try socket.dump(
                request, replyType: NFTCommand.newRule.messageType, as: NFTRule.self,
                operation: "list rules", object: "\(family) \(table) \(chain)")
        } catch {
            if error.isNotFound { return [] }
            throw error.inNamespace(namespaceLabel)
        }
    }

    /// The chain, or `nil` when it (or its table) does not exist. Equivalent to
    /// `nft list chain FAMILY TABLE NAME`, without the rules.
    public func chain(_ family: NFTFamily, table: String, name: String) throws(NetlinkError) -> NFTChain? {
        let request = NFTChain(family: family, table: table, name: name)
            .message(type: NFTCommand.getChain.messageType, flags: [.request, .acknowledge])
        let object = "\(family) \(table) \(name)"
        do throws(NetlinkError) {
            let reply = try socket.transact(request, isDump: false, operation: "get chain", object: object)
            guard let first = reply.messages.first else { return nil }
            do throws(NetlinkDecodingError) {
                return try first.body(as: NFTChain.self)
            } catch {
                throw NetlinkError.malformed(error, operation: "get chain", object: object)
            }
        } catch {
            if error.isNotFound { return nil }
            throw error.inNamespace(namespaceLabel)
        }
    }

    /// The dump request for one chain's rules (`NFT_MSG_GETRULE` with `NLM_F_DUMP`, filtered by
    /// table and chain), as `nft` sends it plus `extraFlags`.
    public static func listRulesRequest(
        _ family: NFTFamily, table: String, chain: String, flags extraFlags: NetlinkMessageFlags = []
    ) -> [UInt8] {
        NFTRule(family: family, table: table, chain: chain)
            .message(type: NFTCommand.getRule.messageType, flags: NetlinkMessageFlags([.request, .dump]).union(extraFlags))
    }
}
