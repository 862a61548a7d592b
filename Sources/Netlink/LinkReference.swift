/// How a call names a link: by name or by index.
///
/// A string literal is a name, so `try netlink.setLinkUp("eth0")` reads like `ip link set eth0 up`.
/// A ``Link`` read from the kernel gives its index with ``Link/reference``.
public enum LinkReference: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The link with this name.
    case name(String)
    /// The link with this index.
    case index(Int32)

    public init(stringLiteral name: String) { self = .name(name) }

    /// `link NAME` or `link #INDEX`, for error messages.
    public var description: String {
        switch self {
        case .name(let name): "link \(name)"
        case .index(let index): "link #\(index)"
        }
    }
}

extension Link {
    /// A reference to this link by its index.
    public var reference: LinkReference { .index(index) }
}

/// The kernel's rules for interface names (`dev_valid_name`), checked before anything is sent so
/// that a bad name is an ``NetlinkError/Code/invalidArgument`` with a clear reason.
public enum LinkName {
    /// The longest name: `IFNAMSIZ` (16) less the terminating NUL.
    public static let maximumLength = 15

    /// Why `name` is not a valid interface name, or `nil` if it is.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        if name.utf8.count > maximumLength {
            return "the name \"\(name)\" is longer than \(maximumLength) bytes"
        }
        if name == "." || name == ".." { return "the name \"\(name)\" is reserved" }
        for byte in name.utf8 where byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":") || byte <= 0x20 || byte == 0x7F {
            return "the name \"\(name)\" contains \"/\", \":\", whitespace or a control character"
        }
        return nil
    }

    /// Throws ``NetlinkError/Code/invalidArgument`` unless `name` is a valid interface name.
    public static func validate(_ name: String, operation: String) throws(NetlinkError) {
        if let problem = problem(with: name) {
            throw NetlinkError(.invalidArgument, operation: operation, object: "link \(name)", reason: problem)
        }
    }
}
