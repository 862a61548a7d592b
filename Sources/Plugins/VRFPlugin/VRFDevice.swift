import CNISpec
import Netlink
import NetlinkCodec
import PluginKit

/// The VRF device in the container's namespace, shared by every interface enslaved to it.
enum VRFDevice {
    /// The VRF named by the configuration, created (with its table, or the lowest free one) and
    /// brought up if missing; `created` says whether this call made it. An existing VRF must
    /// have the configured table.
    static func ensure(_ config: VRFConfig, netlink: RouteNetlink) throws(CNIError) -> (link: Link, table: UInt32, created: Bool) {
        do {
            if let existing = try netlink.linkIfPresent(.name(config.name)) {
                guard case .vrf(let options)? = existing.info?.kind else {
                    throw CNIError(.internal, "\(config.name) exists but is not a VRF")
                }
                if let table = config.table, table != options.table {
                    throw CNIError(
                        .internal, "VRF \(config.name) already exist with different routing table \(options.table)")
                }
                return (existing, options.table, false)
            }
            let table = try config.table ?? freeTable(netlink: netlink)
            try netlink.addVRF(named: config.name, table: table, txQueueLength: 0)  // ip link add NAME type vrf table T (txqueuelen 0, as Go's netlink sends)
            let link = try netlink.link(named: config.name)
            do {
                try netlink.setLinkUp(.index(link.index))
            } catch {
                try? netlink.deleteLink(.index(link.index))
                throw error
            }
            return (link, table, true)
        } catch let error as NetlinkError {
            throw CNIError(error, "could not add VRF \(config.name)")
        } catch let error as CNIError {
            throw error
        } catch {
            throw CNIError.wrapping(error)
        }
    }

    /// The lowest table number from 1 up that no VRF in the namespace uses, as the reference
    /// allocates them.
    static func freeTable(netlink: RouteNetlink) throws(NetlinkError) -> UInt32 {
        var taken: Set<UInt32> = []
        for link in try netlink.links(kind: "vrf") {
            if case .vrf(let options)? = link.info?.kind { taken.insert(options.table) }
        }
        var table: UInt32 = 1
        while taken.contains(table) { table += 1 }
        return table
    }

    /// The links enslaved to the VRF.
    static func members(of vrf: Link, netlink: RouteNetlink) throws(NetlinkError) -> [Link] {
        try netlink.links(master: .index(vrf.index))
    }

    /// Deletes the VRF once no link is enslaved to it (`ip link del NAME`); gone already is fine.
    static func deleteIfUnused(_ vrf: Link, netlink: RouteNetlink) throws(CNIError) {
        let members: [Link]
        do {
            members = try Self.members(of: vrf, netlink: netlink)
        } catch {
            throw CNIError(error, "vrf DEL: list the members of \(vrf.name ?? "the VRF")")
        }
        guard members.isEmpty else { return }
        do {
            try netlink.deleteLink(.index(vrf.index))
        } catch {
            guard error.code == .notFound else { throw CNIError(error, "vrf DEL: delete \(vrf.name ?? "the VRF")") }
        }
    }

    /// Runs netlink calls, reporting a failure with `context`.
    static func call<T>(_ context: String, _ body: () throws(NetlinkError) -> T) throws(CNIError) -> T {
        do {
            return try body()
        } catch {
            throw CNIError(error, context)
        }
    }
}
