/// The error a plugin reports: the spec's "error result" (`{"cniVersion", "code", "msg", "details"}`).
///
/// Every failure crossing the plugin boundary becomes one of these. Codes 1–99 are the spec's;
/// anything without a better code is ``Code/internal`` (999), as in Go's skel.
public struct CNIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An error code: the spec's well-known values, or a plugin's own (100 and up).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: UInt
        public init(rawValue: UInt) { self.rawValue = rawValue }

        /// 1: the configuration's version is not one the plugin supports.
        public static let incompatibleVersion = Code(rawValue: 1)
        /// 2: a field of the configuration is not supported; the message names key and value.
        public static let unsupportedField = Code(rawValue: 2)
        /// 3: the container is unknown or gone; the runtime need not clean up.
        public static let unknownContainer = Code(rawValue: 3)
        /// 4: a required environment variable is missing or invalid; the message names it.
        public static let invalidEnvironment = Code(rawValue: 4)
        /// 5: an I/O failure, such as reading stdin.
        public static let ioFailure = Code(rawValue: 5)
        /// 6: content could not be decoded.
        public static let decodingFailure = Code(rawValue: 6)
        /// 7: the network configuration is invalid.
        public static let invalidNetworkConfig = Code(rawValue: 7)
        /// 11: a transient condition; the runtime should retry later.
        public static let tryAgainLater = Code(rawValue: 11)
        /// 50: the plugin cannot serve ADD requests (STATUS).
        public static let pluginNotAvailable = Code(rawValue: 50)
        /// 51: the plugin is not available and existing containers may have limited connectivity.
        public static let limitedConnectivity = Code(rawValue: 51)
        /// 999: anything else, including the runtime's own failures.
        public static let `internal` = Code(rawValue: 999)

        public var description: String { String(rawValue) }
    }

    /// The code.
    public var code: Code
    /// A short message for humans, naming the field, variable or object at fault.
    public var message: String
    /// Further detail, such as the underlying error's text.
    public var details: String

    /// Creates an error.
    public init(_ code: Code, _ message: String, details: String = "") {
        self.code = code
        self.message = message
        self.details = details
    }

    /// `msg; details`, as Go's `types.Error.Error()` prints it.
    public var description: String {
        details.isEmpty ? message : "\(message); \(details)"
    }

    /// The error result object a plugin writes to stdout.
    public func jsonValue(cniVersion: String?) -> JSONValue {
        var object = JSONObject()
        if let cniVersion { object["cniVersion"] = .string(cniVersion) }
        object["code"] = .number(JSONNumber(code.rawValue))
        object["msg"] = .string(message)
        if !details.isEmpty { object["details"] = .string(details) }
        return .object(object)
    }

    /// Reads an error result; `nil` if the value has no numeric `code`.
    public init?(json: JSONValue) {
        guard case .object(let object) = json,
              let code = object.value(forGoField: "code")?.numberValue?.integer(as: UInt.self) else { return nil }
        self.init(
            Code(rawValue: code), object.value(forGoField: "msg")?.stringValue ?? "",
            details: object.value(forGoField: "details")?.stringValue ?? "")
    }
}

extension CNIError {
    /// Wraps any error as a CNI error: CNI errors pass through, JSON and decoding errors become
    /// code 6 or 7 with the path of the field at fault, everything else code 999.
    public static func wrapping(_ error: any Error, context: String? = nil) -> CNIError {
        func prefixed(_ text: String) -> String {
            guard let context else { return text }
            return "\(context): \(text)"
        }
        switch error {
        case let cniError as CNIError:
            var copy = cniError
            copy.message = prefixed(cniError.message)
            return copy
        case let syntax as JSONSyntaxError:
            return CNIError(.decodingFailure, prefixed(syntax.description))
        case let decoding as DecodingError:
            return CNIError(.invalidNetworkConfig, prefixed(DecodingErrorDescription.describe(decoding)))
        default:
            return CNIError(.internal, prefixed(String(describing: error)))
        }
    }
}
