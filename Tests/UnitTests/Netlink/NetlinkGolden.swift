import NetlinkCodec
import TestSupport
import Testing

/// Golden-byte helpers: requests are compared as hex text, so a failure shows where they differ.
enum NetlinkGolden {
    /// The hex of a request message with sequence number 0.
    static func request(
        _ body: some NetlinkMessageBody, _ type: NetlinkMessageType, _ flags: NetlinkMessageFlags
    ) -> String {
        NetlinkHex.string(body.message(type: type, flags: flags))
    }

    /// The expected hex, normalized (comments and layout removed).
    static func expected(_ text: String) -> String {
        NetlinkHex.string(NetlinkHex.bytes(text))
    }

    /// Decodes the body of a complete message given as hex.
    static func decode<Body: NetlinkMessageBody>(_ text: String, as _: Body.Type = Body.self) throws -> Body {
        let messages = try NetlinkMessage.split(NetlinkHex.bytes(text)[...])
        return try #require(messages.first).body(as: Body.self)
    }

    /// `NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE`, what creates carry.
    static let create: NetlinkMessageFlags = [.request, .acknowledge, .exclusive, .create]
    /// `NLM_F_REQUEST | NLM_F_ACK`, what changes and deletes carry.
    static let change: NetlinkMessageFlags = [.request, .acknowledge]
}
