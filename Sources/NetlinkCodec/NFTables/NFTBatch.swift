/// A list of nf_tables changes sent between `NFNL_MSG_BATCH_BEGIN` and `NFNL_MSG_BATCH_END`:
/// the kernel applies all of them or none (`nft -f FILE` sends one such batch).
///
/// The methods add messages with the flags `nft` gives the same commands, so a batch is
/// byte-identical to what `nft` sends for the same ruleset (the golden tests check this).
public struct NFTBatch: Sendable {
    /// One change: the command, its flags and the encoded body (`nfgenmsg` and attributes).
    public struct Entry: Sendable, Hashable {
        public var command: NFTCommand
        public var flags: NetlinkMessageFlags
        public var body: [UInt8]
        /// A short description for error messages (`add rule inet t c`).
        public var summary: String
    }

    /// The changes, in order.
    public private(set) var entries: [Entry] = []

    /// Creates an empty batch.
    public init() {}

    /// Whether the batch holds no change.
    public var isEmpty: Bool { entries.isEmpty }

    /// Appends a message.
    public mutating func append(
        _ command: NFTCommand, flags: NetlinkMessageFlags, _ body: some NetlinkMessageBody, summary: String
    ) {
        entries.append(Entry(command: command, flags: flags.union(.request), body: body.encodedBody, summary: summary))
    }

    /// `add table FAMILY NAME`: creates the table, or leaves an existing one as it is.
    public mutating func addTable(_ table: NFTTable) {
        append(.newTable, flags: [], table, summary: "add table \(table.family) \(table.name)")
    }

    /// `delete table FAMILY NAME`, with everything in it.
    public mutating func deleteTable(_ family: NFTFamily, _ name: String) {
        append(.deleteTable, flags: [], NFTTable(family: family, name: name, flags: nil), summary: "delete table \(family) \(name)")
    }

    /// `add chain ...`: creates the chain, or leaves an existing one as it is.
    public mutating func addChain(_ chain: NFTChain) {
        append(.newChain, flags: .create, chain, summary: "add chain \(chain.family) \(chain.table) \(chain.name)")
    }

    /// `delete chain FAMILY TABLE NAME`, with its rules; fails while another rule jumps to it.
    public mutating func deleteChain(_ family: NFTFamily, table: String, _ name: String) {
        append(.deleteChain, flags: [], NFTChain(family: family, table: table, name: name),
               summary: "delete chain \(family) \(table) \(name)")
    }

    /// `flush chain FAMILY TABLE NAME`: deletes every rule of the chain.
    public mutating func flushChain(_ family: NFTFamily, table: String, _ name: String) {
        append(.deleteRule, flags: [], NFTRule(family: family, table: table, chain: name),
               summary: "flush chain \(family) \(table) \(name)")
    }

    /// `add rule ...`: appends the rule at the end of its chain.
    public mutating func addRule(_ rule: NFTRule) {
        append(.newRule, flags: [.create, .append], rule, summary: "add rule \(rule.family) \(rule.table) \(rule.chain)")
    }

    /// `delete rule FAMILY TABLE CHAIN handle N`.
    public mutating func deleteRule(_ family: NFTFamily, table: String, chain: String, handle: UInt64) {
        var rule = NFTRule(family: family, table: table, chain: chain)
        rule.handle = handle
        append(.deleteRule, flags: [], rule, summary: "delete rule \(family) \(table) \(chain) handle \(handle)")
    }

    /// The changes as complete messages with sequence number 0 and `extraFlags` added
    /// (the socket adds `NLM_F_ACK` and numbers them).
    public func messages(extraFlags: NetlinkMessageFlags = []) -> [[UInt8]] {
        entries.map { entry in
            AttributeWriter.message(type: entry.command.messageType, flags: entry.flags.union(extraFlags)) {
                $0.write(bytes: entry.body)
            }
        }
    }

    /// A batch delimiter message (`NFNL_MSG_BATCH_BEGIN` or `_END`).
    public static func delimiter(_ type: NetlinkMessageType, sequence: UInt32 = 0) -> [UInt8] {
        NFTBatchDelimiter().message(type: type, flags: .request, sequence: sequence)
    }

    /// The whole batch as one datagram, numbered from `firstSequence` (the begin message) on, as
    /// `nft` numbers it.
    public func datagram(firstSequence: UInt32 = 0, extraFlags: NetlinkMessageFlags = []) -> [UInt8] {
        var bytes = Self.delimiter(.batchBegin, sequence: firstSequence)
        var sequence = firstSequence
        for var message in messages(extraFlags: extraFlags) {
            sequence &+= 1
            message.storeLittleEndian(sequence, at: 8)
            bytes += message
        }
        bytes += Self.delimiter(.batchEnd, sequence: sequence &+ 1)
        return bytes
    }
}
