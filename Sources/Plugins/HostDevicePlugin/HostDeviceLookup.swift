#if canImport(Glibc)
import Glibc
#endif
import CNISpec
import LinuxSystem
import NetAddress
import Netlink
import NetlinkCodec
import PluginKit

/// Finding the host link a configuration names, and whether a PCI device belongs to a userspace
/// (DPDK) driver. Sysfs is read under `sysfs` so that tests can point it at a tree of their own.
struct HostDeviceLookup {
    /// Drivers that take a PCI network device away from the kernel: such a device has no link to
    /// move, and the plugin only reports it.
    static let userspaceDrivers: Set<String> = ["vfio-pci", "uio_pci_generic", "igb_uio"]

    var sysfs = "/sys"

    /// Whether the PCI device is bound to a userspace driver. A device that does not exist, or
    /// has no driver, is an error, as in the reference.
    func isBoundToUserspaceDriver(pciAddress: String) throws(CNIError) -> Bool {
        let link = "\(sysfs)/bus/pci/devices/\(pciAddress)/driver"
        guard let resolved = realpath(link, nil) else {
            throw CNIError(.internal, "error with host device: \(link): \(String(cString: strerror(errno)))")
        }
        defer { free(resolved) }
        let driver = String(cString: resolved).split(separator: "/").last.map(String.init) ?? ""
        return Self.userspaceDrivers.contains(driver)
    }

    /// The host link the selector names.
    func find(_ selector: HostDeviceConfig.Selector, netlink: RouteNetlink) throws(CNIError) -> Link {
        do {
            switch selector {
            case .name(let name):
                if let link = try netlink.linkIfPresent(.name(name)) { return link }
                throw CNIError(.internal, "failed to find host device: link \"\(name)\" not found")
            case .hardwareAddress(let mac):
                if let link = try netlink.links().first(where: { $0.macAddress == mac }) { return link }
                throw CNIError(.internal, "failed to find host device: no link has hardware address \(mac)")
            case .kernelPath(let path):
                let directory = "\(path)/net"
                let names = try interfaceNames(in: directory)
                let links = try netlink.links()
                for name in names {
                    if let link = links.first(where: { $0.name == name }) { return link }
                }
                throw CNIError(.internal, "failed to find host device: no network device of this namespace at \"\(directory)\"")
            case .pciAddress(let address):
                return try netlink.link(named: try interfaceName(forPCIAddress: address))
            }
        } catch let error as NetlinkError {
            throw CNIError(error, "failed to find host device")
        } catch let error as CNIError {
            throw error
        } catch {
            throw CNIError(.internal, "failed to find host device: \(error)")
        }
    }

    /// The first network interface of a PCI device: in its `net` directory, or in
    /// `virtioN/net` for a virtio device, which keeps its interfaces one level down.
    func interfaceName(forPCIAddress address: String) throws(CNIError) -> String {
        let device = "\(sysfs)/bus/pci/devices/\(address)"
        var directory = "\(device)/net"
        if !FileSystem.isDirectory(directory) {
            let virtio = ((try? FileSystem.listDirectory(device)) ?? []).filter { $0.hasPrefix("virtio") }.sorted()
            guard let first = virtio.first(where: { FileSystem.isDirectory("\(device)/\($0)/net") }) else {
                throw CNIError(.internal, "failed to find host device: no net directory under pci device \(address)")
            }
            directory = "\(device)/\(first)/net"
        }
        guard let name = try interfaceNames(in: directory).first else {
            throw CNIError(.internal, "failed to find host device: no device name for pci address \(address)")
        }
        return name
    }

    /// The entries of a sysfs `net` directory, sorted (the reference takes the first).
    private func interfaceNames(in directory: String) throws(CNIError) -> [String] {
        do {
            return try FileSystem.listDirectory(directory).sorted()
        } catch {
            throw CNIError(.internal, "failed to find host device: failed to find network devices at \"\(directory)\"")
        }
    }
}
