public import CNISpec
public import NetAddress
import Netlink
import NetlinkCodec
import LinuxSystem

/// A veth pair between the host and a container: the host end with a generated `veth<8 hex>`
/// name (as the reference plugins name them), the container end with the requested name.
public struct VethPair: Sendable {
    public var hostName: String
    public var hostIndex: Int32
    public var hostMAC: MACAddress?
    public var containerName: String
    public var containerIndex: Int32
    public var containerMAC: MACAddress?

    /// The transmit queue length of both ends of every veth a plugin makes: 0, as the reference
    /// plugins' veths (Go's netlink library sends its zero default), which matters once a qdisc
    /// is attached.
    public static let transmitQueueLength: UInt32 = 0

    /// Makes the host end of a veth ignore router advertisements (`accept_ra` 0), as the
    /// reference does: its routes are the plugin's, never a router's. Best effort: there is no
    /// such file where IPv6 is off.
    public static func ignoreRouterAdvertisements(onHostEnd hostName: String) {
        try? Sysctl.write("net/ipv6/conf/\(hostName)/accept_ra", "0")
    }

    /// Both ends get `transmitQueueLength`; the host end ignores router advertisements.
    /// Creates the pair in one request, the container end directly inside the container's
    /// namespace (no thread ever enters it), the host end up and, with `bridgeIndex`, already a
    /// port of that bridge. The container end is left down for the caller to configure. A
    /// container interface of that name already present is an error, as the spec requires; a
    /// clashing host name is retried with another.
    /// Equivalent to `ip link add vethXXXX type veth peer name IFNAME netns NS`.
    public static func create(
        containerName: String, namespaces: PluginNamespaces, mtu: UInt32?, containerMAC: MACAddress?,
        bridgeIndex: Int32? = nil
    ) throws(CNIError) -> VethPair {
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...5 {
            let hostName = "veth" + hex(UInt32.random(in: 0 ... .max, using: &generator))
            do {
                try namespaces.host.addVeth(
                    named: hostName, peerName: containerName, peerNamespace: namespaces.container, mtu: mtu,
                    peerMACAddress: containerMAC, up: true, masterIndex: bridgeIndex, txQueueLength: transmitQueueLength)
            } catch where error.code == .exists {
                // Either end's name may be taken. Only the host's generated one is worth retrying.
                // (Checked here, after the fact, to save a round trip on every ADD.)
                let existing: Link?
                do {
                    existing = try namespaces.containerNetlink.linkIfPresent(.name(containerName))
                } catch {
                    throw CNIError(error, "look up \(containerName)")
                }
                if existing != nil {
                    throw CNIError(.internal, "container veth name provided (\(containerName)) already exists")
                }
                if attempt < 5 { continue }
                throw CNIError(error, "failed to make veth pair for \(containerName)")
            } catch {
                throw CNIError(error, "failed to make veth pair for \(containerName)")
            }
            ignoreRouterAdvertisements(onHostEnd: hostName)
            do {
                let host = try namespaces.host.link(named: hostName)
                let container = try namespaces.containerNetlink.link(named: containerName)
                return VethPair(
                    hostName: hostName, hostIndex: host.index, hostMAC: host.macAddress,
                    containerName: containerName, containerIndex: container.index, containerMAC: container.macAddress)
            } catch {
                try? namespaces.host.deleteLink(.name(hostName))
                throw CNIError(error, "failed to set up veth \(hostName)")
            }
        }
        throw CNIError(.internal, "failed to find a free veth name for \(containerName)")
    }

    /// Deletes the container end (which takes the host end with it) and returns the addresses
    /// it had. A missing interface is not an error (DEL may run twice).
    public static func delete(containerName: String, namespaces: PluginNamespaces) throws(CNIError) -> [IPPrefix] {
        do {
            guard let link = try namespaces.containerNetlink.linkIfPresent(.name(containerName)) else { return [] }
            let addresses = try namespaces.containerNetlink.addresses(of: .index(link.index)).compactMap(\.prefix)
            do {
                try namespaces.containerNetlink.deleteLink(.index(link.index))
            } catch where error.code == .notFound {
                return addresses
            }
            return addresses
        } catch {
            throw CNIError(error, "failed to delete \(containerName)")
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }
}
