public import NetAddress

/// Typed reads of one JSON object with the rules of ``JSONValueDecoder`` (Go's encoding/json),
/// written out instead of going through `Codable`.
///
/// Why: `Codable` works through existentials and unspecialised generics, and in a process that
/// lives a few milliseconds every first use of such a generic costs the Swift runtime a search
/// of its conformance tables. Decoding a result and a configuration that way was a fifth of a
/// bridge ADD's instructions (callgrind). The types on the hot path of every plugin call decode
/// and encode through this instead; the errors are the same `DecodingError`s, so messages do not
/// change.
public struct JSONFields {
    /// The object read from (empty for `null`, which Go decodes as "no fields").
    public let object: JSONObject
    /// Where the object sits in its document, for error messages.
    let codingPath: [JSONCodingKey]

    /// The fields of `value`, which must be an object or `null`.
    public init(_ value: JSONValue) throws {
        try self.init(value, codingPath: [])
    }

    /// The fields of the value a `Decoder` holds: how `Codable` conformances of types read
    /// through `JSONFields` reach it, keeping the decoder's path for error messages.
    public init(decoding decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(JSONValue.self)
        try self.init(value, codingPath: decoder.codingPath.map { JSONCodingKey(copying: $0) })
    }

    init(_ value: JSONValue, codingPath: [JSONCodingKey]) throws {
        switch value {
        case .object(let object): self.object = object
        case .null: self.object = JSONObject()
        default:
            throw DecodingError.typeMismatch([String: JSONValue].self, .init(
                codingPath: codingPath, debugDescription: "expected an object, got \(value.kindDescription)"))
        }
        self.codingPath = codingPath
    }

    /// The value of field `key` as Go matches it, or `nil` when it is absent or `null`.
    public func value(_ key: String) -> JSONValue? {
        guard let value = object.value(forGoField: key), !value.isNull else { return nil }
        return value
    }

    private func path(_ key: String) -> [JSONCodingKey] { codingPath + [JSONCodingKey(stringValue: key)] }

    private func mismatch(_ key: String, _ type: Any.Type, expected: String, got value: JSONValue) -> DecodingError {
        .typeMismatch(type, .init(codingPath: path(key), debugDescription: "expected \(expected), got \(value.kindDescription)"))
    }

    /// A string field.
    public func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, String.self, expected: "a string", got: value) }
        return text
    }

    /// A Boolean field.
    public func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(key, Bool.self, expected: "a boolean", got: value) }
        return flag
    }

    /// An integer field: written as an integer, and fitting.
    public func int(_ key: String) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value else { throw mismatch(key, Int.self, expected: "a number", got: value) }
        guard let integer = Int(number.literal, radix: 10) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: path(key), debugDescription: "number \(number.literal) is not a valid Int"))
        }
        return integer
    }

    /// An object field.
    public func fields(_ key: String) throws -> JSONFields? {
        guard let value = value(key) else { return nil }
        return try JSONFields(value, codingPath: path(key))
    }

    /// An object of Booleans (`capabilities`); `null` members read as `false`.
    public func boolMap(_ key: String) throws -> [String: Bool]? {
        guard let inner = try fields(key) else { return nil }
        var result: [String: Bool] = [:]
        for member in inner.object {
            switch member.value {
            case .bool(let flag): result[member.key] = flag
            case .null: result[member.key] = false
            default: throw inner.mismatch(member.key, Bool.self, expected: "a boolean", got: member.value)
            }
        }
        return result
    }

    /// An array field, each element read by `element` (given the element and its coding path).
    func array<T>(_ key: String, _ element: (JSONValue, [JSONCodingKey]) throws -> T) throws -> [T]? {
        guard let value = value(key) else { return nil }
        return try Self.elements(of: value, at: path(key), element)
    }

    /// The elements of an array value (`null` is empty), each read by `element`. A plain loop:
    /// `enumerated().map` runs generic code the runtime must look up.
    private static func elements<T>(of value: JSONValue, at path: [JSONCodingKey],
                                    _ element: (JSONValue, [JSONCodingKey]) throws -> T) throws -> [T] {
        let items: [JSONValue]
        switch value {
        case .array(let elements): items = elements
        case .null: items = []
        default:
            throw DecodingError.typeMismatch([JSONValue].self, .init(
                codingPath: path, debugDescription: "expected an array, got \(value.kindDescription)"))
        }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for index in items.indices {
            result.append(try element(items[index], path + [JSONCodingKey(intValue: index)]))
        }
        return result
    }

    /// An array of objects, each read by `element`.
    public func objects<T>(_ key: String, _ element: (JSONFields) throws -> T) throws -> [T]? {
        try array(key) { item, path in try element(try JSONFields(item, codingPath: path)) }
    }

    /// An array of arrays of objects (`ipam.ranges`), each object read by `element`.
    public func objectArrays<T>(_ key: String, _ element: (JSONFields) throws -> T) throws -> [[T]]? {
        try array(key) { item, path in
            try Self.elements(of: item, at: path) { inner, innerPath in
                try element(try JSONFields(inner, codingPath: innerPath))
            }
        }
    }

    /// An array of strings (`null` elements read as "").
    public func strings(_ key: String) throws -> [String]? {
        try array(key) { item, path in
            switch item {
            case .string(let text): return text
            case .null: return ""
            default:
                throw DecodingError.typeMismatch(String.self, .init(
                    codingPath: path, debugDescription: "expected a string, got \(item.kindDescription)"))
            }
        }
    }

    /// A required prefix field (`10.1.2.3/24`); `null` reads as "" and so is invalid.
    public func requiredPrefix(_ key: String) throws -> IPPrefix {
        guard let raw = object.value(forGoField: key) else {
            throw DecodingError.keyNotFound(JSONCodingKey(stringValue: key), .init(
                codingPath: codingPath, debugDescription: "missing required field \"\(key)\""))
        }
        let text: String
        switch raw {
        case .string(let value): text = value
        case .null: text = ""
        default: throw mismatch(key, String.self, expected: "a string", got: raw)
        }
        guard let prefix = IPPrefix(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(key), debugDescription: "invalid CIDR address \"\(text)\""))
        }
        return prefix
    }

    /// An optional address field, where Go's `net.IP` also takes "" as "no address".
    public func address(_ key: String) throws -> IPAddress? {
        guard let text = try string(key), !text.isEmpty else { return nil }
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(key), debugDescription: "invalid IP address \"\(text)\""))
        }
        return address
    }
}

extension JSONValue {
    /// Encodes this value as the whole of what `encoder` encodes: how `Codable` conformances of
    /// types written as a `JSONValue` reach an encoder.
    public func encodeWhole(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self)
    }
}

/// Building objects member by member, leaving out what Go's `omitempty` leaves out.
extension JSONObject {
    /// Sets `key` unless `value` is `nil`.
    mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }

    /// Sets `key` to a string unless it is `nil` or empty.
    mutating func set(_ key: String, nonEmpty value: String?) {
        if let value, !value.isEmpty { self[key] = .string(value) }
    }

    /// Sets `key` to a number unless it is `nil` or zero.
    mutating func set(_ key: String, nonZero value: Int?) {
        if let value, value != 0 { self[key] = .number(JSONNumber(value)) }
    }

    /// Sets `key` to an array of strings unless it is empty.
    mutating func set(_ key: String, nonEmpty values: [String]) {
        if !values.isEmpty { self[key] = .array(values.map { .string($0) }) }
    }
}
