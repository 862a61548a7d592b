/// Writes a ``JSONValue`` as JSON text the way Go's encoding/json does: `<`, `>` and `&` escaped,
/// as are U+2028 and U+2029, so our output and Go's can be compared byte for byte.
public enum JSONSerializer {
    /// The layout of the output.
    public enum Style: Sendable {
        /// No whitespace (`json.Marshal`).
        case compact
        /// Four-space indentation (`json.MarshalIndent(v, "", "    ")`, how plugins print results).
        case indented
    }

    /// Serializes a value to UTF-8 bytes.
    public static func serialize(_ value: JSONValue, style: Style = .compact) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out, style: style, level: 0)
        return out
    }

    /// Serializes a value to a string.
    public static func string(_ value: JSONValue, style: Style = .compact) -> String {
        String(decoding: serialize(value, style: style), as: UTF8.self)
    }

    private static func newline(_ out: inout [UInt8], style: Style, level: Int) {
        guard style == .indented else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 4 * level))
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8], style: Style, level: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.literal.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            if elements.isEmpty {
                out.append(UInt8(ascii: "]"))
                return
            }
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, style: style, level: level + 1)
                write(element, into: &out, style: style, level: level + 1)
            }
            newline(&out, style: style, level: level)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            if object.isEmpty {
                out.append(UInt8(ascii: "}"))
                return
            }
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, style: style, level: level + 1)
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if style == .indented { out.append(UInt8(ascii: " ")) }
                write(member.value, into: &out, style: style, level: level + 1)
            }
            newline(&out, style: style, level: level)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                appendUnicodeEscape(scalar.value, into: &out)
            default:
                if scalar.value < 0x20 {
                    appendUnicodeEscape(scalar.value, into: &out)
                } else {
                    out.appendUTF8(scalar)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendUnicodeEscape(_ value: UInt32, into out: inout [UInt8]) {
        out.append(contentsOf: "\\u".utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
