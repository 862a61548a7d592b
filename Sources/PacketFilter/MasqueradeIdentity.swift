import CNISpec
import NetlinkCodec

/// Which rules of the masquerade chain belong to which attachment: each rule's comment starts
/// with a hash of the network's name, then a hash of interface and container, then the names
/// in clear, as the reference plugins' nftables backend writes it. Sharing the format means
/// either implementation's DEL and GC find the other's rules.
public struct MasqueradeIdentity: Hashable, Sendable {
    public var network: String
    public var interfaceName: String
    public var containerID: String

    public init(network: String, interfaceName: String, containerID: String) {
        self.network = network
        self.interfaceName = interfaceName
        self.containerID = containerID
    }

    /// The prefix every rule of the network's attachments carries (16 hex digits).
    public static func networkPrefix(_ network: String) -> String { hexDigest(network) }

    /// The prefix of this attachment's rules: network hash, `-`, hash of `IFNAME:CONTAINERID`.
    public var prefix: String { Self.networkPrefix(network) + "-" + Self.hexDigest(interfaceName + ":" + containerID) }

    /// The whole comment, cut to what a rule comment may hold (128 bytes).
    public var comment: String {
        func clean(_ text: String) -> String { text.filter { $0 != "\"" } }
        let text = "\(prefix), net: \(clean(network)), if: \(clean(interfaceName)), id: \(clean(containerID))"
        return String(decoding: NFTUserData.encode(comment: text).dropFirst(2).dropLast(), as: UTF8.self)
    }

    /// The first 16 hex digits of SHA-512 of `text`.
    static func hexDigest(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        let digest = SHA512.hash(Array(text.utf8)).prefix(8)
        return String(decoding: digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }
}
