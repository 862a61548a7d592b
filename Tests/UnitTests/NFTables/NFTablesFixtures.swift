import LinuxSystem
import TestSupport

/// The bytes `nft` 1.0.6 sent and received, captured by `Tests/Fixtures/nftables/capture.sh`:
/// one netlink message per line, each syscall's messages after a `# sendmsg, N bytes` comment.
enum NFTablesFixtures {
    /// The datagrams of a capture, each the concatenation of its messages.
    static func datagrams(_ name: String) throws -> [[UInt8]] {
        let text = String(decoding: try FileSystem.readFile(Fixtures.path("nftables/\(name)")), as: UTF8.self)
        var datagrams: [[UInt8]] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                datagrams.append([])
                continue
            }
            var message = NetlinkHex.bytes(String(line))
            while message.count % 4 != 0 { message.append(0) }
            if datagrams.isEmpty { datagrams.append([]) }
            datagrams[datagrams.count - 1] += message
        }
        return datagrams
    }

    /// Hex of a datagram split into messages, one per line, so a failure shows which differs.
    static func messages(_ datagram: [UInt8]) -> String {
        var lines: [String] = []
        var offset = 0
        while offset + 4 <= datagram.count {
            let length = Int(datagram[offset]) | Int(datagram[offset + 1]) << 8
            guard length >= 16, offset + length <= datagram.count else { break }
            lines.append(NetlinkHex.string(datagram[offset..<(offset + length)]))
            offset += (length + 3) & ~3
        }
        return lines.joined(separator: "\n")
    }
}
