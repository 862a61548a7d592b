import CNISpec
import LinuxSystem
import NetNS
import Netlink

/// A fresh network namespace for one netlink test (made with `ip netns add`, so the fixture does
/// not depend on the code under test), a ``RouteNetlink`` bound to it, and the kernel's view of
/// it through `ip -j`, `bridge -j` and `tc -j`. Everything in it goes away with the namespace when
/// the fixture is released, also when the test fails.
public final class NetlinkTestNamespace: @unchecked Sendable {
    /// The namespace, deleted with `ip netns del` when this object goes.
    public let fixture: TestNamespace
    /// The namespace, opened.
    public let namespace: NetworkNamespace
    /// A netlink connection inside it.
    public let netlink: RouteNetlink

    /// Creates the namespace and connects to it.
    public init() throws {
        fixture = try TestNamespace(prefix: "cnitest")
        namespace = try NetworkNamespace.open(fixture.path)
        netlink = try RouteNetlink.open(in: namespace)
    }

    /// The namespace's name under /var/run/netns.
    public var name: String { fixture.name }
    /// `/var/run/netns/NAME`.
    public var path: String { fixture.path }

    /// `ip -n NAME -j ARGS`, parsed.
    public func ip(_ arguments: String...) throws -> JSONValue {
        try JSONParser.parse(try Command.check(["ip", "-n", name, "-j"] + arguments))
    }

    /// `ip -n NAME -d -j link show dev LINK`, parsed: the link's details as one object.
    public func linkDetails(_ link: String) throws -> JSONValue {
        let list = try JSONParser.parse(try Command.check(["ip", "-n", name, "-d", "-j", "link", "show", "dev", link]))
        guard let first = list.arrayValue?.first else { throw CommandFailure(command: "ip link show \(link)", output: .init(stdout: "", stderr: "no link", status: 1)) }
        return first
    }

    /// The names of the links `ip` sees in the namespace.
    public func linkNames() throws -> [String] {
        try ip("link", "show").arrayValue?.compactMap { $0["ifname"]?.stringValue } ?? []
    }

    /// `bridge -n NAME -j ARGS`, parsed.
    public func bridge(_ arguments: String...) throws -> JSONValue {
        try JSONParser.parse(try Command.check(["bridge", "-n", name, "-j"] + arguments))
    }

    /// `tc -n NAME -j ARGS`, parsed.
    public func tc(_ arguments: String...) throws -> JSONValue {
        try JSONParser.parse(try Command.check(["tc", "-n", name, "-j"] + arguments))
    }

    /// Runs `ip -n NAME ARGS` (no JSON), for setting up state the test then reads back.
    public func ipCommand(_ arguments: String...) throws {
        try Command.check(["ip", "-n", name] + arguments)
    }
}

/// Hex text for golden bytes: whitespace, `|` separators and `#` comments to the end of a line
/// are ignored, so fixtures can be laid out field by field.
public enum NetlinkHex {
    /// The bytes a hex text spells.
    public static func bytes(_ text: String) -> [UInt8] {
        var digits: [UInt8] = []
        var inComment = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "#") { inComment = true }
            if byte == UInt8(ascii: "\n") { inComment = false }
            if inComment { continue }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digits.append(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digits.append(byte - UInt8(ascii: "A") + 10)
            default: continue
            }
        }
        precondition(digits.count % 2 == 0, "odd number of hex digits")
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    /// Lowercase hex of bytes, for readable failure messages.
    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension JSONValue {
    /// The value as an integer, if it is a JSON number that fits.
    public var netlinkTestInteger: Int? { numberValue?.integer() }

    /// The strings of a JSON array (`flags` in `ip -j link`), empty otherwise.
    public var netlinkTestStrings: [String] { arrayValue?.compactMap(\.stringValue) ?? [] }
}
