@testable import Netlink
import NetlinkCodec
import TestSupport
import Testing

/// How batches travel: one datagram, consecutive sequence numbers, `NLM_F_ACK` on every change,
/// one answer awaited per change, the first refused change reported by name.
@Suite struct NFTablesSocketTests {
    /// A kernel that answers every change of a batch datagram, in order, with `errors[i]` (0 = ack),
    /// and a batch delimiter with `beginError` if set.
    final class BatchKernel: NetlinkChannel, @unchecked Sendable {
        var errors: [Int32] = []
        var beginError: Int32 = 0
        private(set) var datagrams: [[UInt8]] = []
        private var queue: [[UInt8]] = []

        func send(_ request: [UInt8], operation: String, object: String?) throws(NetlinkError) {
            datagrams.append(request)
            guard let messages = try? NetlinkMessage.split(request[...]), let begin = messages.first else {
                throw NetlinkError(.protocolError, operation: operation, reason: "bad datagram")
            }
            if beginError != 0 {
                queue.append(NetlinkSocketTests.ack(begin.header, error: beginError))
                return
            }
            // Answers come after the whole batch was processed, two to a datagram here.
            var answers: [[UInt8]] = []
            for (index, message) in messages.dropFirst().dropLast().enumerated() {
                answers.append(NetlinkSocketTests.ack(message.header, error: index < errors.count ? errors[index] : 0))
            }
            stride(from: 0, to: answers.count, by: 2).forEach { queue.append(answers[$0..<min($0 + 2, answers.count)].flatMap { $0 }) }
        }

        func receive(operation: String, object: String?) throws(NetlinkError) -> [UInt8] {
            guard !queue.isEmpty else { throw NetlinkError(.protocolError, operation: operation, reason: "script ran dry") }
            return queue.removeFirst()
        }
    }

    static func batch() -> NFTBatch {
        var batch = NFTBatch()
        batch.addTable(NFTTable(family: .inet, name: "t"))
        batch.addChain(NFTChain(family: .inet, table: "t", name: "c"))
        batch.addRule(NFTRule(family: .inet, table: "t", chain: "c", expressions: [.immediate(.accept)]))
        return batch
    }

    static func netlink(_ kernel: BatchKernel) -> NFTablesNetlink {
        NFTablesNetlink(socket: NetlinkSocket(channel: kernel, descriptor: nil, firstSequence: 40), label: "/var/run/netns/scripted")
    }

    @Test func aBatchIsOneDatagramWithEveryChangeAcknowledged() throws {
        let kernel = BatchKernel()
        try Self.netlink(kernel).apply(Self.batch())
        try #require(kernel.datagrams.count == 1)
        let messages = try NetlinkMessage.split(kernel.datagrams[0][...])
        #expect(messages.map(\.header.sequence) == [41, 42, 43, 44, 45])
        #expect(messages.map(\.header.type) == [.batchBegin, NFTCommand.newTable.messageType, NFTCommand.newChain.messageType,
                                                NFTCommand.newRule.messageType, .batchEnd])
        #expect(messages.dropFirst().dropLast().allSatisfy { $0.header.flags.contains([.request, .acknowledge]) })
        #expect(!messages[0].header.flags.contains(.acknowledge))
        // The next request numbers on.
        try Self.netlink(kernel).apply(Self.batch())
    }

    @Test func aRefusedChangeIsNamedAfterEveryAnswerIsRead() throws {
        let kernel = BatchKernel()
        kernel.errors = [0, -2, -1]  // ENOENT for the chain; the kernel reports every failure
        let netlink = Self.netlink(kernel)
        let error = #expect(throws: NetlinkError.self) { try netlink.apply(Self.batch(), operation: "set up") }
        #expect(error?.code == .notFound)
        #expect(error?.description.hasPrefix("set up add chain inet t c in /var/run/netns/scripted") == true)
        // Nothing left queued: the next batch gets its own answers.
        kernel.errors = []
        try netlink.apply(Self.batch())
    }

    @Test func aRefusedBatchEndsTheWaitAtOnce() {
        let kernel = BatchKernel()
        kernel.beginError = -1  // EPERM on the batch itself
        let error = #expect(throws: NetlinkError.self) { try Self.netlink(kernel).apply(Self.batch()) }
        #expect(error?.code == .permissionDenied)
    }

    @Test func anEmptyBatchSendsNothing() throws {
        let kernel = BatchKernel()
        try Self.netlink(kernel).apply(NFTBatch())
        #expect(kernel.datagrams.isEmpty)
    }
}
