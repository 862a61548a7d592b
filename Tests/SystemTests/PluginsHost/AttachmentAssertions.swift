import CNISpec
import LinuxSystem
import TestSupport

extension IsolatedAttachment {
    /// The addresses host-local holds for the network `name` (its lease files).
    func leases(network name: String) -> [String] {
        ((try? FileSystem.listDirectory("\(dataDirectory)/\(name)")) ?? []).filter {
            $0 != "lock" && !$0.hasPrefix("last_reserved_ip")
        }
    }

    /// The names of the links in a namespace, `lo` left out.
    static func linkNames(_ namespace: TestNamespace) throws -> [String] {
        (try JSONParser.parse(try namespace.ipJSON("link", "show")).arrayValue ?? [])
            .compactMap { $0["ifname"]?.stringValue }.filter { $0 != "lo" }
    }

    /// `ip -d -j link show dev NAME` in a namespace, parsed; `nil` if there is no such link.
    static func link(_ name: String, in namespace: TestNamespace) -> JSONValue? {
        guard let text = try? Command.check(["ip", "-n", namespace.name, "-d", "-j", "addr", "show", "dev", name]) else { return nil }
        return (try? JSONParser.parse(text))?.arrayValue?.first
    }
}
