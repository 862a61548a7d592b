/// A JSON document as a value, keeping object keys in document order and numbers as written.
///
/// CNI configuration is an open format: a plugin must pass on keys it does not understand, and a
/// runtime injects keys into configurations it otherwise treats as opaque. So configuration is kept
/// as a `JSONValue`, and typed views are decoded from it (``JSONValueDecoder``) with Go's rules.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The Boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The object, if this is one.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number, if this is one.
    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// The member named `key` (exact match) if this is an object.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The name Go's encoding/json would use for this kind of value in an error message.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON number, kept as its literal text so that re-encoding never changes it
/// (`1e3` stays `1e3`, and a 64-bit integer keeps every digit).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written in the document.
    public let literal: String

    /// Wraps a literal that the parser already validated.
    init(validatedLiteral: String) { literal = validatedLiteral }

    /// A number from an integer.
    @inlinable
    public init<I: BinaryInteger>(_ value: I) { literal = String(value) }

    /// A number from a double; integral values print without a fraction, as Go prints them.
    public init(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e21 {
            literal = String(Int64(value))
        } else {
            literal = String(value)
        }
    }

    /// The value as an integer of type `I`, if the literal is a plain integer that fits.
    /// Like Go, `1.0` and `1e2` are not integers.
    @inlinable
    public func integer<I: FixedWidthInteger>(as type: I.Type = I.self) -> I? {
        I(literal, radix: 10)
    }

    /// The value as a double.
    public var doubleValue: Double? { Double(literal) }

    public var description: String { literal }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
}
