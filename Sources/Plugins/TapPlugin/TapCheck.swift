import CNISkel
import CNISpec
import PluginKit

/// CHECK, as the reference does it: the IPAM plugin checks its lease; `prevResult` names the
/// interface in this namespace, which carries every address, and every route is present.
struct TapCheck {
    let config: TapConfig
    let request: PluginRequest

    func run() throws {
        let attachment = try ContainerStateCheck.attachment(request, ipamType: config.ipamType)
        try ContainerStateCheck.expectAddressesAndRoutes(of: attachment)
    }
}
