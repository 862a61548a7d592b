/// A version of the CNI specification. The set is closed: adding a version is a compile error
/// everywhere a conversion or rule depends on it, until that place handles it.
public enum CNIVersion: String, CaseIterable, Comparable, Sendable, Codable, CustomStringConvertible {
    case v0_1_0 = "0.1.0"
    case v0_2_0 = "0.2.0"
    case v0_3_0 = "0.3.0"
    case v0_3_1 = "0.3.1"
    case v0_4_0 = "0.4.0"
    case v1_0_0 = "1.0.0"
    case v1_1_0 = "1.1.0"

    /// The newest version this implementation speaks.
    public static let current = CNIVersion.v1_1_0

    /// Parses a version; the empty string means 0.1.0, as the spec's first version had no field.
    public init?(parsing text: String) {
        if text.isEmpty {
            self = .v0_1_0
        } else {
            self.init(rawValue: text)
        }
    }

    public var description: String { rawValue }

    private var ordinal: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: CNIVersion, rhs: CNIVersion) -> Bool { lhs.ordinal < rhs.ordinal }

    /// The shape of results in this version.
    public var resultFormat: ResultFormat {
        switch self {
        case .v0_1_0, .v0_2_0: .v0_2
        case .v0_3_0, .v0_3_1, .v0_4_0: .v0_4
        case .v1_0_0, .v1_1_0: .v1
        }
    }

    /// Whether plugins of this version understand the command (CHECK from 0.4.0, GC and STATUS
    /// from 1.1.0).
    public func supports(_ command: CNICommand) -> Bool {
        self >= command.minimumVersion
    }

    /// Orders version strings that may not be versions we know, numerically by their
    /// dot-separated parts, as Go's `version.GreaterThan` does; `nil` if either is malformed.
    public static func compare(_ lhs: String, _ rhs: String) -> Int? {
        guard let a = numericParts(lhs), let b = numericParts(rhs) else { return nil }
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }

    /// `major.minor.patch` as three numbers; `nil` if the text is not of that form.
    static func numericParts(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let numbers = parts.compactMap { part -> Int? in
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return Int(part)
        }
        return numbers.count == 3 ? numbers : nil
    }
}

/// The three shapes a result has taken across versions.
public enum ResultFormat: Sendable {
    /// 0.1.0 and 0.2.0: `ip4` / `ip6` objects.
    case v0_2
    /// 0.3.0 to 0.4.0: `interfaces`, `ips` with a `version` field, `routes`.
    case v0_4
    /// 1.0.0 and later: as 0.4 without `version`; 1.1.0 adds interface and route attributes.
    case v1
}
