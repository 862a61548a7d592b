/// Splits a byte stream of concatenated JSON texts into whole texts.
///
/// OVSDB's JSON-RPC has no framing: messages follow each other on the socket, and one `read`
/// may return half a message or several. Every JSON-RPC message is an object, so a text ends
/// where its outermost brace closes; strings (and escaped quotes in them) are skipped. The scan
/// resumes where it stopped, so a message arriving in many pieces costs linear time.
public struct JSONStreamSplitter: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0
    private var position = 0
    private var depth = 0
    private var inString = false
    private var escaped = false

    /// An empty splitter.
    public init() {}

    /// Bytes received but not yet returned as a whole text.
    public var pendingByteCount: Int { buffer.count - start }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole text, or `nil` if more bytes are needed. Throws on bytes that cannot begin
    /// a JSON-RPC message (anything but whitespace before `{`).
    public mutating func next() throws(OVSDBError) -> ArraySlice<UInt8>? {
        while position < buffer.count {
            let byte = buffer[position]
            position += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    let text = buffer[start..<position]
                    start = position
                    compact()
                    return text
                }
                if depth < 0 { throw OVSDBError(.protocolViolation, "unbalanced JSON from the server") }
            case 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 { start = position }
            default:
                if depth == 0 {
                    throw OVSDBError(.protocolViolation, "unexpected byte 0x\(String(byte, radix: 16)) between JSON-RPC messages")
                }
            }
        }
        compact()
        return nil
    }

    /// Drops consumed bytes once they make up most of the buffer, keeping slices returned by
    /// ``next()`` valid (they are copies on write).
    private mutating func compact() {
        guard start > 4096, start * 2 > buffer.count else { return }
        buffer.removeFirst(start)
        position -= start
        start = 0
    }
}
