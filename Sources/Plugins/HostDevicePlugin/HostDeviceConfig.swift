import CNISpec
import NetAddress
import PluginKit

/// The `host-device` plugin's configuration, with the reference plugin's keys.
struct HostDeviceConfig: Sendable {
    /// How the device is named: the reference's keys, in the order it tries them.
    enum Selector: Sendable, Equatable {
        /// `device`: the link's name in the host.
        case name(String)
        /// `hwaddr`: the link's MAC address.
        case hardwareAddress(MACAddress)
        /// `kernelpath`: the device's directory under `/sys/devices`; its first network interface.
        case kernelPath(String)
        /// `pciBusID` (or `runtimeConfig.deviceID`): the PCI device's network interface.
        case pciAddress(String)
    }

    var selector: Selector
    /// `pciBusID`, when given (it decides whether the device is bound to a userspace driver).
    var pciAddress: String?
    /// `ipam.type`; empty for a device moved without addresses.
    var ipamType: String
    /// `dns`, reported as it is (the reference replaces the IPAM plugin's with it).
    var dns: DNS

    /// The JSON keys (matched case-insensitively, as Go does).
    private struct Keys: Decodable {
        var device: String?
        var hwaddr: String?
        var kernelpath: String?
        var pciBusID: String?
        var runtimeConfig: RuntimeKeys?

        struct RuntimeKeys: Decodable { var deviceID: String? }
    }

    init(_ config: NetworkConfig) throws(CNIError) {
        let keys = try config.decode(Keys.self)
        let pci = [keys.runtimeConfig?.deviceID, keys.pciBusID].compactMap { $0 }.first { !$0.isEmpty }
        pciAddress = pci
        if let device = try ConfigValues.linkName(keys.device, field: "device") {
            selector = .name(device)
        } else if let text = keys.hwaddr, !text.isEmpty {
            guard let mac = MACAddress(text) else {
                throw CNIError(.invalidNetworkConfig, "invalid \"hwaddr\" \"\(text)\": not a MAC address")
            }
            selector = .hardwareAddress(mac)
        } else if let path = keys.kernelpath, !path.isEmpty {
            guard path.hasPrefix("/sys/devices/"), !path.split(separator: "/").contains("..") else {
                throw CNIError(.invalidNetworkConfig, "\"kernelpath\" \"\(path)\" must be absolute and begin with /sys/devices/")
            }
            selector = .kernelPath(path)
        } else if let pci {
            guard !pci.contains("/"), pci != "..", pci != "." else {
                throw CNIError(.invalidNetworkConfig, "invalid \"pciBusID\" \"\(pci)\"")
            }
            selector = .pciAddress(pci)
        } else {
            throw CNIError(.invalidNetworkConfig, #"specify either "device", "hwaddr", "kernelpath" or "pciBusID""#)
        }
        ipamType = config.ipamType
        dns = config.dns ?? DNS()
    }
}

/// What host-device's DEL needs of a configuration: whom to ask to release the addresses, and
/// the PCI address (a device bound to a userspace driver was never moved, so there is nothing
/// to move back). The device itself is found by `CNI_IFNAME` in the container, so its selector
/// is not read: a configuration ADD refuses still deletes. A key of the wrong type, or a PCI
/// address ADD would refuse, reads as absent.
struct HostDeviceDeleteConfig: Sendable {
    var ipamType: String
    var pciAddress: String?

    private struct Keys: Decodable {
        var pciBusID: String?
        var deviceID: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            pciBusID = try? container.decodeIfPresent(String.self, forKey: .pciBusID)
            let runtime = try? container.nestedContainer(keyedBy: CodingKeys.self, forKey: .runtimeConfig)
            deviceID = try? runtime?.decodeIfPresent(String.self, forKey: .deviceID)
        }

        private enum CodingKeys: String, CodingKey { case pciBusID, runtimeConfig, deviceID }
    }

    init(_ config: NetworkConfig) {
        ipamType = config.ipamType
        let keys = try? config.decode(Keys.self)
        let pci = [keys?.deviceID, keys?.pciBusID].compactMap { $0 }.first { !$0.isEmpty }
        pciAddress = pci.flatMap { $0.contains("/") || $0 == "." || $0 == ".." ? nil : $0 }
    }
}
