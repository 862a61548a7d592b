public import CNISpec

/// One condition of a `where` clause (RFC 7047 §5.1): `[column, function, value]`.
public struct OVSDBCondition: Sendable, Hashable {
    /// The column.
    public var column: String
    /// `==`, `!=`, `includes`, `excludes`, `<`, `<=`, `>`, `>=`.
    public var function: String
    /// The value, already in wire form (see ``OVSDBDatum``).
    public var value: JSONValue

    /// Creates a condition.
    public init(_ column: String, _ function: String, _ value: JSONValue) {
        self.column = column
        self.function = function
        self.value = value
    }

    var jsonValue: JSONValue { .array([.string(column), .string(function), value]) }
}

/// One mutation (RFC 7047 §5.1): `[column, mutator, value]`, such as `["next_cfg", "+=", 1]` or
/// `["ports", "insert", ["set", [...]]]`.
public struct OVSDBMutation: Sendable, Hashable {
    /// The column.
    public var column: String
    /// `+=`, `-=`, `*=`, `/=`, `%=`, `insert`, `delete`.
    public var mutator: String
    /// The operand in wire form.
    public var value: JSONValue

    /// Creates a mutation.
    public init(_ column: String, _ mutator: String, _ value: JSONValue) {
        self.column = column
        self.mutator = mutator
        self.value = value
    }

    var jsonValue: JSONValue { .array([.string(column), .string(mutator), value]) }
}

/// One operation of a `transact` request (RFC 7047 §5.2). A transaction commits all of its
/// operations or none.
public enum OVSDBOperation: Sendable, Hashable {
    /// Inserts a row; `uuidName` lets later operations refer to it as `["named-uuid", name]`.
    case insert(table: String, row: JSONObject, uuidName: String?)
    /// Reads the matching rows (all columns when `columns` is `nil`).
    case select(table: String, where: [OVSDBCondition], columns: [String]?)
    /// Sets columns of the matching rows.
    case update(table: String, where: [OVSDBCondition], row: JSONObject)
    /// Changes columns of the matching rows in place.
    case mutate(table: String, where: [OVSDBCondition], mutations: [OVSDBMutation])
    /// Deletes the matching rows.
    case delete(table: String, where: [OVSDBCondition])
    /// Makes the transaction wait (up to `timeout` ms, or fail at once with 0) until the matching
    /// rows' `columns` equal (`until == true`) or differ from `rows`: the transaction's precondition.
    case wait(table: String, where: [OVSDBCondition], columns: [String], rows: [JSONObject], untilEqual: Bool,
              timeout: Int?)
    /// A note for the server's log (`ovsdb-tool show-log`).
    case comment(String)

    /// The operation as a JSON object.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        func whereClause(_ conditions: [OVSDBCondition]) -> JSONValue { .array(conditions.map(\.jsonValue)) }
        switch self {
        case .insert(let table, let row, let uuidName):
            object["op"] = "insert"
            object["table"] = .string(table)
            object["row"] = .object(row)
            if let uuidName { object["uuid-name"] = .string(uuidName) }
        case .select(let table, let conditions, let columns):
            object["op"] = "select"
            object["table"] = .string(table)
            object["where"] = whereClause(conditions)
            if let columns { object["columns"] = .array(columns.map { .string($0) }) }
        case .update(let table, let conditions, let row):
            object["op"] = "update"
            object["table"] = .string(table)
            object["where"] = whereClause(conditions)
            object["row"] = .object(row)
        case .mutate(let table, let conditions, let mutations):
            object["op"] = "mutate"
            object["table"] = .string(table)
            object["where"] = whereClause(conditions)
            object["mutations"] = .array(mutations.map(\.jsonValue))
        case .delete(let table, let conditions):
            object["op"] = "delete"
            object["table"] = .string(table)
            object["where"] = whereClause(conditions)
        case .wait(let table, let conditions, let columns, let rows, let untilEqual, let timeout):
            object["op"] = "wait"
            if let timeout { object["timeout"] = .number(JSONNumber(timeout)) }
            object["table"] = .string(table)
            object["where"] = whereClause(conditions)
            object["columns"] = .array(columns.map { .string($0) })
            object["until"] = untilEqual ? "==" : "!="
            object["rows"] = .array(rows.map { .object($0) })
        case .comment(let text):
            object["op"] = "comment"
            object["comment"] = .string(text)
        }
        return .object(object)
    }

    /// A short description for error messages: `insert Interface vhu0123`.
    public var summary: String {
        switch self {
        case .insert(let table, let row, _):
            "insert \(table)" + (row["name"]?.stringValue.map { " \($0)" } ?? "")
        case .select(let table, let conditions, _): "select \(table)" + Self.describe(conditions)
        case .update(let table, let conditions, _): "update \(table)" + Self.describe(conditions)
        case .mutate(let table, let conditions, _): "mutate \(table)" + Self.describe(conditions)
        case .delete(let table, let conditions): "delete \(table)" + Self.describe(conditions)
        case .wait(let table, let conditions, _, _, _, _): "wait \(table)" + Self.describe(conditions)
        case .comment: "comment"
        }
    }

    private static func describe(_ conditions: [OVSDBCondition]) -> String {
        conditions.isEmpty ? "" : " where " + conditions.map {
            "\($0.column) \($0.function) \($0.value.stringValue ?? JSONSerializer.string($0.value))"
        }.joined(separator: " and ")
    }
}
