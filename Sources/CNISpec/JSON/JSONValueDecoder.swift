/// Decodes `Decodable` types from a ``JSONValue`` with the rules of Go's encoding/json, which every
/// CNI runtime and plugin written in Go follows:
/// - object keys match struct fields case-insensitively (containerd sends `"HostPort"`); an exact
///   match wins, otherwise the last key that matches ignoring case;
/// - unknown keys are ignored;
/// - `null` leaves a field at its zero value: `""`, `0`, `false`, an empty array, or an object
///   decoded from no keys;
/// - integers must be written as integers (`1.0` is not an `Int`), and must fit.
public struct JSONValueDecoder {
    /// Creates a decoder.
    public init() {}

    /// Decodes a value of type `T` from a parsed document.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: ValueDecoder(value: value, codingPath: []))
    }

    /// Parses and decodes JSON bytes.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try decode(type, from: try JSONParser.parse(bytes))
    }
}

/// A key for array elements and synthesized paths.
struct JSONCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }
    init(copying key: any CodingKey) {
        stringValue = key.stringValue
        intValue = key.intValue
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .object(let object):
            return KeyedDecodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
        case .null:
            return KeyedDecodingContainer(KeyedContainer<Key>(object: JSONObject(), codingPath: codingPath))
        default:
            throw typeMismatch([String: JSONValue].self, expected: "an object")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .array(let elements): return UnkeyedContainer(elements: elements, codingPath: codingPath)
        case .null: return UnkeyedContainer(elements: [], codingPath: codingPath)
        default: throw typeMismatch([JSONValue].self, expected: "an array")
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func typeMismatch(_ type: Any.Type, expected: String) -> DecodingError {
        DecodingError.typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "expected \(expected), got \(value.kindDescription)"))
    }
}

extension ValueDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch value {
        case .bool(let b): return b
        case .null: return false
        default: throw typeMismatch(type, expected: "a boolean")
        }
    }

    func decode(_ type: String.Type) throws -> String {
        switch value {
        case .string(let s): return s
        case .null: return ""
        default: throw typeMismatch(type, expected: "a string")
        }
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .number(let n):
            guard let d = n.doubleValue else { throw typeMismatch(type, expected: "a number") }
            return d
        case .null: return 0
        default: throw typeMismatch(type, expected: "a number")
        }
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        switch value {
        case .number(let n):
            guard let i = n.integer(as: I.self) else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: codingPath, debugDescription: "number \(n.literal) is not a valid \(I.self)"))
            }
            return i
        case .null: return 0
        default: throw typeMismatch(type, expected: "a number")
        }
    }

    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // A JSONValue field keeps the raw value, as Go's json.RawMessage / interface{} do.
        if type == JSONValue.self, let raw = value as? T { return raw }
        if type == JSONObject.self {
            if case .object(let object) = value, let raw = object as? T { return raw }
            if value.isNull, let empty = JSONObject() as? T { return empty }
            throw typeMismatch(type, expected: "an object")
        }
        return try T(from: self)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object.value(forGoField: key.stringValue) != nil }

    private func decoder(for key: Key) throws -> ValueDecoder {
        guard let value = object.value(forGoField: key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath, debugDescription: "missing required field \"\(key.stringValue)\""))
        }
        return ValueDecoder(value: value, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        object.value(forGoField: key.stringValue)?.isNull ?? true
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder(for: key).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = object.value(forGoField: key.stringValue), !value.isNull else { return nil }
        return try ValueDecoder(value: value, codingPath: codingPath + [key]).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: .object(object), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func nextDecoder() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(
                codingPath: codingPath, debugDescription: "array has only \(elements.count) elements"))
        }
        defer { currentIndex += 1 }
        return ValueDecoder(
            value: elements[currentIndex], codingPath: codingPath + [JSONCodingKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try nextDecoder().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try nextDecoder() }
}
