/// Encodes `Encodable` types into a ``JSONValue``, keeping members in the order they are encoded
/// (for synthesized conformances: the order of `CodingKeys`). Optionals encoded with
/// `encodeIfPresent` are left out when `nil`, which is Go's `omitempty` for pointers.
public struct JSONValueEncoder {
    /// Creates an encoder.
    public init() {}

    /// Encodes a value.
    public func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Node()
        try ValueEncoder(node: root, codingPath: []).encodeValue(value)
        return root.materialize()
    }

    /// Encodes a value to JSON bytes.
    public func encodeBytes(_ value: some Encodable, style: JSONSerializer.Style = .compact) throws -> [UInt8] {
        JSONSerializer.serialize(try encode(value), style: style)
    }
}

/// A mutable tree built while encoding: containers hand out child nodes that are filled later,
/// so any nesting works; the tree becomes a `JSONValue` once encoding is done.
private final class Node {
    enum Content {
        case value(JSONValue)
        case object([(key: String, node: Node)])
        case array([Node])
    }

    var content: Content = .value(.null)

    func makeObject() {
        if case .object = content { return }
        content = .object([])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    /// The child for `key`, created (or replaced) in place.
    func child(forKey key: String) -> Node {
        guard case .object(var members) = content else { return Node() }
        let node = Node()
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].node = node
        } else {
            members.append((key, node))
        }
        content = .object(members)
        return node
    }

    /// A new last element.
    func appendChild() -> Node {
        guard case .array(var elements) = content else { return Node() }
        let node = Node()
        elements.append(node)
        content = .array(elements)
        return node
    }

    var elementCount: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }

    func materialize() -> JSONValue {
        switch content {
        case .value(let value):
            return value
        case .object(let members):
            return .object(JSONObject(members.map { JSONObject.Member(key: $0.key, value: $0.node.materialize()) }))
        case .array(let elements):
            return .array(elements.map { $0.materialize() })
        }
    }
}

private struct ValueEncoder: Encoder, SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// Encodes a value into this node, storing raw JSON values as they are.
    func encodeValue(_ value: some Encodable) throws {
        if let raw = value as? JSONValue {
            node.content = .value(raw)
        } else if let object = value as? JSONObject {
            node.content = .value(.object(object))
        } else {
            try value.encode(to: self)
        }
    }

    private func set(_ value: JSONValue) { node.content = .value(value) }

    func encodeNil() { set(.null) }
    func encode(_ value: Bool) { set(.bool(value)) }
    func encode(_ value: String) { set(.string(value)) }
    func encode(_ value: Double) { set(.number(JSONNumber(value))) }
    func encode(_ value: Float) { set(.number(JSONNumber(Double(value)))) }
    func encode(_ value: Int) { set(.number(JSONNumber(value))) }
    func encode(_ value: Int8) { set(.number(JSONNumber(value))) }
    func encode(_ value: Int16) { set(.number(JSONNumber(value))) }
    func encode(_ value: Int32) { set(.number(JSONNumber(value))) }
    func encode(_ value: Int64) { set(.number(JSONNumber(value))) }
    func encode(_ value: UInt) { set(.number(JSONNumber(value))) }
    func encode(_ value: UInt8) { set(.number(JSONNumber(value))) }
    func encode(_ value: UInt16) { set(.number(JSONNumber(value))) }
    func encode(_ value: UInt32) { set(.number(JSONNumber(value))) }
    func encode(_ value: UInt64) { set(.number(JSONNumber(value))) }
    func encode<T: Encodable>(_ value: T) throws { try encodeValue(value) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    private func encoder(for key: Key) -> ValueEncoder {
        ValueEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }

    mutating func encodeNil(forKey key: Key) { encoder(for: key).encodeNil() }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encoder(for: key).encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        encoder(for: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder(for: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder(for: key) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    var count: Int { node.elementCount }

    private func nextEncoder() -> ValueEncoder {
        let key = JSONCodingKey(intValue: count)
        return ValueEncoder(node: node.appendChild(), codingPath: codingPath + [key])
    }

    mutating func encodeNil() { nextEncoder().encodeNil() }
    mutating func encode<T: Encodable>(_ value: T) throws { try nextEncoder().encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        nextEncoder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        nextEncoder().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { nextEncoder() }
}
