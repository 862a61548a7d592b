/// Turns a Swift `DecodingError` into a one-line message that names the JSON field at fault,
/// such as `ipam.ranges[0][1].subnet: expected a string, got a number`.
public enum DecodingErrorDescription {
    /// The dotted path of a coding path: `ipam.ranges[0][1].subnet`.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// A message for a decoding error.
    public static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return "missing required field \"\(field)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let field = path(context.codingPath)
            let reason = context.debugDescription
            return field.isEmpty ? reason : "field \"\(field)\": \(reason)"
        @unknown default:
            return String(describing: error)
        }
    }
}
