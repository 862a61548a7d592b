@testable import Netlink
import NetlinkCodec
import TestSupport
import Testing

/// The request/reply discipline of the socket layer, against a scripted kernel: acknowledgements,
/// extended-ack errors, sequence checks, multi-part dumps and interrupted dumps.
@Suite struct NetlinkSocketTests {
    /// Answers each request with datagrams built from it.
    final class ScriptedKernel: NetlinkChannel, @unchecked Sendable {
        typealias Script = (_ request: NetlinkHeader, _ count: Int) -> [[UInt8]]
        private(set) var requests: [[UInt8]] = []
        private var queue: [[UInt8]] = []
        private let script: Script

        init(_ script: @escaping Script) { self.script = script }

        func send(_ request: [UInt8], operation: String, object: String?) throws(NetlinkError) {
            requests.append(request)
            guard let header = try? NetlinkHeader(decoding: request) else {
                throw NetlinkError(.protocolError, operation: operation, reason: "bad request")
            }
            queue += script(header, requests.count)
        }

        func receive(operation: String, object: String?) throws(NetlinkError) -> [UInt8] {
            guard !queue.isEmpty else { throw NetlinkError(.protocolError, operation: operation, reason: "script ran dry") }
            return queue.removeFirst()
        }
    }

    static func netlink(_ kernel: ScriptedKernel) -> RouteNetlink {
        RouteNetlink(socket: NetlinkSocket(channel: kernel, descriptor: nil, firstSequence: 100), namespace: nil, label: "/var/run/netns/scripted")
    }

    /// A message answering `request`.
    static func reply(
        _ request: NetlinkHeader, type: NetlinkMessageType, flags: NetlinkMessageFlags = [], sequence: UInt32? = nil,
        _ body: (inout AttributeWriter) -> Void = { _ in }
    ) -> [UInt8] {
        AttributeWriter.message(type: type, flags: flags, sequence: sequence ?? request.sequence, portID: 1234, body)
    }

    /// `NLMSG_ERROR` with `error` (0 = ack) and, optionally, an extended ack message.
    static func ack(_ request: NetlinkHeader, error: Int32 = 0, message: String? = nil, sequence: UInt32? = nil) -> [UInt8] {
        var flags: NetlinkMessageFlags = .capped
        if message != nil { flags.insert(.acknowledgementAttributes) }
        return reply(request, type: .error, flags: flags, sequence: sequence) { writer in
            writer.write(error)
            var header: [UInt8] = []
            request.encode(into: &header)
            writer.write(bytes: header)
            if let message { writer.attribute(NetlinkAcknowledgement.AttributeType.message, message) }
        }
    }

    static func link(_ index: Int32, _ name: String) -> Link {
        var link = Link(index: index, name: name)
        link.mtu = 1500
        return link
    }

    @Test func requestsCarryAckAndFreshSequenceNumbers() throws {
        let kernel = ScriptedKernel { request, _ in [Self.ack(request)] }
        let netlink = Self.netlink(kernel)
        try netlink.setLinkUp("eth0")
        try netlink.setLinkUp("eth0")
        let headers = try kernel.requests.map { try NetlinkHeader(decoding: $0) }
        #expect(headers.map(\.sequence) == [101, 102])
        #expect(headers.allSatisfy { $0.flags.contains([.request, .acknowledge]) && $0.length == UInt32(kernel.requests[0].count) })
    }

    @Test func errorsCarryTheKernelsMessage() {
        let kernel = ScriptedKernel { request, _ in [Self.ack(request, error: -17, message: "Link already exists")] }
        let error = #expect(throws: NetlinkError.self) { try Self.netlink(kernel).addDummy(named: "d0") }
        #expect(error?.code == .exists && error?.errno == 17)
        #expect(error?.kernelMessage == "Link already exists")
        #expect(error?.description == "create dummy link d0 in /var/run/netns/scripted: File exists (kernel: Link already exists)")
    }

    @Test func staleRepliesAreSkipped() throws {
        let kernel = ScriptedKernel { request, _ in
            [Self.ack(request, error: -19, sequence: request.sequence - 1) + Self.ack(request)]
        }
        try Self.netlink(kernel).setLinkDown("eth0")  // the stale -ENODEV is not ours
    }

    @Test func getReturnsTheReplyBeforeTheAck() throws {
        let kernel = ScriptedKernel { request, _ in
            [Self.reply(request, type: .newLink) { Self.link(7, "eth0").encode(into: &$0) }, Self.ack(request)]
        }
        let link = try Self.netlink(kernel).link(named: "eth0")
        #expect(link.index == 7 && link.mtu == 1500)
    }

    @Test func multiPartDumps() throws {
        let kernel = ScriptedKernel { request, _ in
            let part1 = Self.reply(request, type: .newLink, flags: .multi) { Self.link(1, "lo").encode(into: &$0) }
                + Self.reply(request, type: .newLink, flags: .multi) { Self.link(2, "eth0").encode(into: &$0) }
            let part2 = Self.reply(request, type: .newLink, flags: .multi) { Self.link(3, "eth1").encode(into: &$0) }
            let done = Self.reply(request, type: .done, flags: .multi) { $0.write(Int32(0)) }
            return [part1, part2, done]
        }
        let links = try Self.netlink(kernel).links()
        #expect(links.compactMap(\.name) == ["lo", "eth0", "eth1"])
        #expect(try NetlinkHeader(decoding: kernel.requests[0]).flags.contains(.dump))
    }

    @Test func interruptedDumpsAreRetried() throws {
        let kernel = ScriptedKernel { request, count in
            let flags: NetlinkMessageFlags = count == 1 ? [.multi, .dumpInterrupted] : .multi
            let name = count == 1 ? "stale" : "fresh"
            return [Self.reply(request, type: .newLink, flags: flags) { Self.link(2, name).encode(into: &$0) }
                + Self.reply(request, type: .done, flags: flags) { $0.write(Int32(0)) }]
        }
        #expect(try Self.netlink(kernel).links().compactMap(\.name) == ["fresh"])
        #expect(kernel.requests.count == 2)
    }

    @Test func persistentlyInterruptedDumpsFail() {
        let kernel = ScriptedKernel { request, _ in
            [Self.reply(request, type: .done, flags: [.multi, .dumpInterrupted]) { $0.write(Int32(0)) }]
        }
        let error = #expect(throws: NetlinkError.self) { try Self.netlink(kernel).links() }
        #expect(error?.code == .dumpInterrupted)
        #expect(kernel.requests.count == RouteNetlink.dumpAttempts)
    }

    @Test func malformedRepliesAndFailedDumps() {
        let garbage = ScriptedKernel { _, _ in [[0xFF, 0xFF, 0xFF, 0x7F, 0, 0]] }
        #expect(throws: NetlinkError.self) { try Self.netlink(garbage).setLinkUp("eth0") }
        let error = #expect(throws: NetlinkError.self) { try Self.netlink(garbage).setLinkUp("eth0") }
        #expect(error?.code == .protocolError)

        let failing = ScriptedKernel { request, _ in [Self.reply(request, type: .done, flags: .multi) { $0.write(Int32(-95)) }] }
        let dump = #expect(throws: NetlinkError.self) { try Self.netlink(failing).qdiscs() }
        #expect(dump?.code == .notSupported)
    }
}

