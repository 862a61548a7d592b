import Synchronization
import NetlinkCodec

extension NetlinkSocket {
    /// Sends a netfilter batch in one datagram: `begin`, the `messages` (each with `NLM_F_ACK`),
    /// `end`, numbered consecutively here. The kernel applies the whole batch or none of it, and
    /// answers every message carrying `NLM_F_ACK` (with 0 or its error) once the batch is done,
    /// so the call waits for one answer per message. An error on the delimiters (the subsystem
    /// refused the batch, or the commit failed) ends the wait at once.
    ///
    /// `objects[i]` names message `i` in errors (`add rule inet t c`).
    func transactBatch(
        begin: [UInt8], messages: [[UInt8]], end: [UInt8], operation: String, objects: [String]
    ) throws(NetlinkError) {
        try self.sequence.withLock { (last: inout UInt32) throws(NetlinkError) in
            var numbers: [UInt32] = []
            for _ in 0..<(messages.count + 2) {
                last &+= 1
                if last == 0 { last = 1 }
                numbers.append(last)
            }
            var datagram: [UInt8] = []
            var pending: [UInt32: Int] = [:]
            for (index, var message) in ([begin] + messages + [end]).enumerated() {
                message.storeLittleEndianUInt32(numbers[index], at: 8)
                datagram += message
                if index > 0 && index <= messages.count { pending[numbers[index]] = index - 1 }
            }
            let delimiters: Set<UInt32> = [numbers[0], numbers[numbers.count - 1]]
            try channel.send(datagram, operation: operation, object: nil)

            var firstError: NetlinkError?
            while !pending.isEmpty {
                let reply = try channel.receive(operation: operation, object: nil)
                let parts: [NetlinkMessage]
                do throws(NetlinkDecodingError) {
                    parts = try NetlinkMessage.split(reply[...])
                } catch {
                    throw NetlinkError.malformed(error, operation: operation, object: nil)
                }
                for part in parts where part.header.type == .error {
                    let number = part.header.sequence
                    if delimiters.contains(number) {
                        let ack = try acknowledgement(part, operation: operation, object: nil)
                        if ack.error != 0 {
                            throw NetlinkError(errno: -ack.error, operation: operation, kernelMessage: ack.message)
                        }
                        continue
                    }
                    // Answers to an earlier, abandoned request carry other numbers.
                    guard let index = pending.removeValue(forKey: number) else { continue }
                    let ack = try acknowledgement(part, operation: operation, object: objects[index])
                    if ack.error != 0 && firstError == nil {
                        firstError = NetlinkError(
                            errno: -ack.error, operation: operation, object: objects[index], kernelMessage: ack.message)
                    }
                }
            }
            if let firstError { throw firstError }
        }
    }
}
