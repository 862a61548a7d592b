import CNISkel
import CNISpec
import PluginKit

/// CHECK, as the reference does it: the IPAM plugin checks its lease; the interface of
/// `prevResult` is in this namespace with the recorded MAC, with every address and route. A
/// device bound to a userspace driver has nothing to check in the container.
struct HostDeviceCheck {
    let config: HostDeviceConfig
    let request: PluginRequest
    let lookup: HostDeviceLookup

    func run() throws {
        if let address = config.pciAddress, try lookup.isBoundToUserspaceDriver(pciAddress: address) {
            try IPAMAllocation.forward(.check, request, ipamType: config.ipamType)
            guard try request.prevResult() != nil else {
                throw CNIError(.invalidNetworkConfig, "Required prevResult missing")
            }
            return
        }
        let attachment = try ContainerStateCheck.attachment(request, ipamType: config.ipamType)
        try ContainerStateCheck.expectMAC(of: attachment)
        try ContainerStateCheck.expectAddressesAndRoutes(of: attachment)
    }
}
