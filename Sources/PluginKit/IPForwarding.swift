public import CNISpec
public import NetAddress
import LinuxSystem

/// Packet forwarding in the plugin's own (host) namespace, which routed plugins (ptp) need so the
/// host passes the container's traffic on.
public enum IPForwarding {
    /// Turns forwarding on for each family: `net.ipv4.ip_forward` and
    /// `net.ipv6.conf.all.forwarding`. A value that is already 1 is left alone (not rewritten), and
    /// forwarding is never turned off again: other containers may depend on it.
    public static func enable(for families: Set<IPFamily>) throws(CNIError) {
        for family in families.sorted(by: { $0 == .v4 && $1 == .v6 }) {
            let key = family == .v4 ? "net/ipv4/ip_forward" : "net/ipv6/conf/all/forwarding"
            do {
                if try Sysctl.read(key) != "1" { try Sysctl.write(key, "1") }
            } catch {
                throw CNIError(.internal, "Could not enable IP forwarding (\(key)): \(error)")
            }
        }
    }
}
