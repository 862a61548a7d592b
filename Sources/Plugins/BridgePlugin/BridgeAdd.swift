#if canImport(Glibc)
import Glibc
#endif
import CNISkel
import CNISpec
import LinuxSystem
import NetAddress
import Netlink
import NetlinkCodec
import NetNS
import PluginKit

/// ADD: the bridge (created if missing), a veth pair into the container with the host end on the
/// bridge, addresses from IPAM on the container end, and the gateway on the bridge. Every step
/// registers its undo, so a failure part-way leaves nothing behind (the reference leaves the veth
/// when IPAM fails). With `macspoofchk` the host end gets its spoof check as soon as it exists;
/// with `ipMasq` the addresses are masqueraded once configured (`BridgeFirewall`).
struct BridgeAdd {
    let config: BridgeConfig
    let request: PluginRequest

    func run() throws -> Result100 {
        let namespaces = try PluginNamespaces.open(containerPath: request.netns)
        let rollback = Rollback()
        defer { rollback.runUnlessCommitted() }
        // IPAM works on its own thread while this one creates the bridge and the veth: the lease
        // files and the netlink requests are independent waits on the kernel.
        let addresses = try startIPAM(rollback: rollback)

        var (bridge, createdBridge) = try BridgeDevice.ensure(config, netlink: namespaces.host)
        let veth = try VethPair.create(
            containerName: request.interfaceName, namespaces: namespaces, mtu: config.mtu, containerMAC: config.mac,
            bridgeIndex: bridge.index)
        rollback.add("delete \(veth.hostName)") { try namespaces.host.deleteLink(.index(veth.hostIndex)) }
        try attachPort(veth, to: bridge, netlink: namespaces.host)
        if createdBridge { try BridgeDevice.pinAddress(of: bridge, netlink: namespaces.host) }
        let firewall = try (config.macSpoofCheck || config.ipMasquerade ? BridgeFirewall(request) : nil)
        if config.macSpoofCheck, let firewall {
            try firewall.setUpSpoofCheck(hostInterface: veth.hostName, mac: veth.containerMAC, rollback: rollback)
        }

        var result = Result100(cniVersion: .current, interfaces: [
            Interface(name: bridge.name ?? config.bridgeName, mac: bridge.macAddress?.description),
            Interface(name: veth.hostName, mac: veth.hostMAC?.description),
            Interface(name: veth.containerName, mac: veth.containerMAC?.description, sandbox: request.netns),
        ])

        if let addresses {
            guard let allocated = try addresses.join() else {
                throw CNIError(.internal, "IPAM plugin \(config.ipamType) returned no result")
            }
            let ipam = try allocated.asCurrent()
            result.ips = ipam.ips
            result.routes = ipam.routes
            result.dns = ipam.dns
            guard !result.ips.isEmpty else { throw CNIError(.internal, "IPAM plugin returned missing IP config") }
            let gateways = Gateways.compute(&result, config: config)
            try configureContainer(&result, namespaces: namespaces)
            if config.isGateway {
                if config.vlan != 0 {
                    var vlanGateway = try BridgeVLANGateway.ensure(on: bridge, config: config, netlink: namespaces.host, rollback: rollback)
                    try gateways.install(on: &vlanGateway, config: config, netlink: namespaces.host, rollback: rollback)
                    // Listed after the container's interface, as the reference lists it.
                    result.interfaces.append(Interface(name: vlanGateway.name ?? "\(config.bridgeName).\(config.vlan)", mac: vlanGateway.macAddress?.description))
                } else {
                    try gateways.install(on: &bridge, config: config, netlink: namespaces.host, rollback: rollback)
                }
            }
            if config.ipMasquerade, let firewall { try firewall.setUpMasquerade(result.ips, rollback: rollback) }
        } else if !config.disableContainerInterface {
            do {
                try namespaces.containerNetlink.setLinkUp(.index(veth.containerIndex))
            } catch {
                throw CNIError(error, "failed to set \(veth.containerName) up")
            }
        }
        // The host end as it is now (read once: waiting for it to come up reads it anyway).
        let hostLink = config.disableContainerInterface ? nil : try waitForPortUp(veth, netlink: namespaces.host)

        // MACs as they are now: a bridge takes a port's address when it has none of its own.
        do throws(NetlinkError) {
            var current = hostLink
            if current == nil { current = try namespaces.host.link(.index(veth.hostIndex)) }
            result.interfaces[1].mac = current?.macAddress?.description
            result.interfaces[0].mac = try namespaces.host.link(.index(bridge.index)).macAddress?.description
        } catch {
            throw CNIError(error, "read back \(veth.hostName)")
        }
        if let dns = config.dns { result.dns = dns }
        rollback.commit()
        return result
    }

    /// Starts the IPAM plugin's ADD, if there is one, and registers its release for a failed
    /// ADD (only when it allocated: a failed IPAM ADD holds nothing).
    private func startIPAM(rollback: Rollback) throws -> ConcurrentWork<AnyCNIResult?>? {
        guard !config.ipamType.isEmpty else { return nil }
        let (request, type) = (request, config.ipamType)
        let work = try ConcurrentWork { () throws -> AnyCNIResult? in try request.delegate(.add, to: type) }
        rollback.add("release addresses") {
            guard (try? work.join()) != nil else { return }
            _ = try request.delegate(.delete, to: type)
        }
        return work
    }

    /// Puts the host end on the bridge with the port options and VLANs the config asks for.
    private func attachPort(_ veth: VethPair, to bridge: Link, netlink: RouteNetlink) throws(CNIError) {
        do {
            // The veth was created as a port of the bridge (`VethPair.create`).
            try netlink.setBridgePortOptions(
                BridgePortOptions(hairpin: config.hairpinMode, isolated: config.portIsolation), of: .index(veth.hostIndex))
            guard config.usesVLANs else { return }
            if !config.preserveDefaultVLAN {
                // Drop the default VLAN 1 the kernel gives every new port.
                try? netlink.deleteBridgeVLAN(1, from: .index(veth.hostIndex), target: .master)
            }
            if config.vlan != 0 {
                try netlink.addBridgeVLAN(config.vlan, to: .index(veth.hostIndex), pvid: true, untagged: true, target: .master)
            }
            for id in config.vlanTrunk {
                try netlink.addBridgeVLAN(id, to: .index(veth.hostIndex), target: .master)
            }
            if config.vlan == 0 && !config.vlanTrunk.isEmpty {
                try netlink.addBridgeVLAN(1, to: .index(veth.hostIndex), pvid: true, untagged: true, target: .master)
            }
        } catch {
            throw CNIError(error, "failed to connect \(veth.hostName) to bridge \(config.bridgeName)")
        }
    }

    /// Addresses and routes on the container's interface; DAD off unless asked for, and
    /// gratuitous ARP on (`arp_notify`) so neighbours learn the address when the link comes up.
    private func configureContainer(_ result: inout Result100, namespaces: PluginNamespaces) throws(CNIError) {
        let name = request.interfaceName
        do {
            try namespaces.container.perform {
                if config.enableDAD {
                    try? Sysctl.write("net/ipv6/conf/\(name)/enhanced_dad", "1")
                    try? Sysctl.write("net/ipv6/conf/\(name)/accept_dad", "1")
                } else {
                    try? Sysctl.write("net/ipv6/conf/\(name)/accept_dad", "0")
                }
                try? Sysctl.write("net/ipv4/conf/\(name)/arp_notify", "1")
            }
        } catch {
            throw CNIError(.internal, "configure \(name): \(error)")
        }
        try InterfaceConfiguration.apply(result, to: name, in: namespaces.container, netlink: namespaces.containerNetlink)
    }

    /// Waits briefly for the host end to be operationally up, as the reference does, so the
    /// container can send as soon as ADD returns; returns the link as last read.
    private func waitForPortUp(_ veth: VethPair, netlink: RouteNetlink) throws(CNIError) -> Link {
        for delay in [0, 5_000, 50_000, 200_000, 500_000, 1_000_000] as [UInt32] {
            if delay > 0 { usleep(delay) }
            let link: Link
            do {
                link = try netlink.link(.index(veth.hostIndex))
            } catch {
                throw CNIError(error, "look up \(veth.hostName)")
            }
            if link.operationalState == .up { return link }
        }
        throw CNIError(.internal, "bridge port \(veth.hostName) did not come up")
    }
}
