/// A value whose JSON form is its text, as addresses, prefixes and MACs are in every CNI document.
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Parses the text form; `nil` if it is not valid.
    init?(text: String)
    /// What to call the value in an error message ("IP address").
    static var textKind: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid \(Self.textKind) \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension IPAddress: TextCodable {
    public init?(text: String) { self.init(text) }
    public static var textKind: String { "IP address" }
}

extension IPPrefix: TextCodable {
    public init?(text: String) { self.init(text) }
    public static var textKind: String { "CIDR address" }
}

extension MACAddress: TextCodable {
    public init?(text: String) { self.init(text) }
    public static var textKind: String { "MAC address" }
}
