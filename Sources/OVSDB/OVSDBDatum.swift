public import CNISpec

/// RFC 7047 §5.1 values on the wire: atoms are plain JSON, UUIDs are `["uuid", "…"]` or
/// `["named-uuid", "…"]`, sets are `["set", […]]` (a set of one may be the bare atom) and maps
/// are `["map", [[key, value], …]]`. These build and read them.
public enum OVSDBDatum {
    /// `["uuid", uuid]`: a reference to an existing row.
    public static func uuid(_ uuid: String) -> JSONValue { .array([.string("uuid"), .string(uuid)]) }

    /// `["named-uuid", name]`: a reference to a row inserted earlier in the same transaction.
    public static func namedUUID(_ name: String) -> JSONValue { .array([.string("named-uuid"), .string(name)]) }

    /// `["set", elements]`.
    public static func set(_ elements: [JSONValue]) -> JSONValue { .array([.string("set"), .array(elements)]) }

    /// `["map", [[key, value], …]]` for a string-to-string map, keys sorted so that the encoding
    /// is deterministic (and golden tests stable).
    public static func map(_ pairs: [String: String]) -> JSONValue {
        let entries = pairs.sorted { $0.key < $1.key }.map { JSONValue.array([.string($0.key), .string($0.value)]) }
        return .array([.string("map"), .array(entries)])
    }

    /// The UUID in `["uuid", …]`, or `nil`.
    public static func uuidValue(_ value: JSONValue?) -> String? {
        guard let pair = value?.arrayValue, pair.count == 2, pair[0] == "uuid" else { return nil }
        return pair[1].stringValue
    }

    /// The elements of a set, accepting the bare-atom form of a one-element set.
    public static func setElements(_ value: JSONValue?) -> [JSONValue] {
        guard let value else { return [] }
        if let pair = value.arrayValue, pair.count == 2, pair[0] == "set" { return pair[1].arrayValue ?? [] }
        return [value]
    }

    /// A string-to-string map column as a dictionary (non-string values are skipped).
    public static func stringMap(_ value: JSONValue?) -> [String: String] {
        guard let pair = value?.arrayValue, pair.count == 2, pair[0] == "map", let entries = pair[1].arrayValue else {
            return [:]
        }
        var result: [String: String] = [:]
        for entry in entries {
            guard let kv = entry.arrayValue, kv.count == 2, let key = kv[0].stringValue, let value = kv[1].stringValue
            else { continue }
            result[key] = value
        }
        return result
    }

    /// An optional integer column (`ofport` is `["set", []]` until ovs-vswitchd assigns it).
    public static func optionalInteger(_ value: JSONValue?) -> Int? {
        if let number = value?.numberValue { return number.integer(as: Int.self) }
        return setElements(value).first?.numberValue?.integer(as: Int.self)
    }

    /// An optional string column (`error` is `["set", []]` when there is none).
    public static func optionalString(_ value: JSONValue?) -> String? {
        if let text = value?.stringValue { return text }
        return setElements(value).first?.stringValue
    }
}
