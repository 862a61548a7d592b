import BridgePlugin
import CNISkel
import DummyPlugin
import HostDevicePlugin
import HostLocalPlugin
import IPVlanPlugin
import LoopbackPlugin
import MacvlanPlugin
import PTPPlugin
import SlirpPlugin
import StaticPlugin
import TapPlugin
import UserspacePlugin
import VLANPlugin
import VRFPlugin

// One binary for every plugin: the name it is run as (a link in /opt/cni/bin) picks the plugin,
// or the first argument does (`cni-plugins loopback`). One static binary keeps installs small and
// start-up fast: the dynamic loader has nothing to resolve.

/// The plugin for a program name; `nil` if we have none by that name.
func plugin(named name: String) -> (any CNIPlugin)? {
    switch name {
    case "bridge": BridgePlugin()
    case "loopback": LoopbackPlugin()
    case "slirp": SlirpPlugin()
    case "host-local": HostLocalPlugin()
    case "static": StaticPlugin()
    case "userspace": UserspacePlugin()
    case "ptp": PTPPlugin()
    case "host-device": HostDevicePlugin()
    case "tap": TapPlugin()
    case "macvlan": MacvlanPlugin()
    case "ipvlan": IPVlanPlugin()
    case "vlan": VLANPlugin()
    case "dummy": DummyPlugin()
    case "vrf": VRFPlugin()
    default: nil
    }
}

/// Every plugin name this binary answers to, for `cni-plugins --list` and the installer.
let pluginNames = [
    "bridge", "dummy", "host-device", "host-local", "ipvlan", "loopback", "macvlan", "ptp", "slirp", "static", "tap",
    "userspace", "vlan", "vrf",
]

let arguments = CommandLine.arguments
let invokedAs = String(arguments.first?.split(separator: "/").last ?? "")
if let selected = plugin(named: invokedAs) {
    PluginMain.run(selected, executor: SameBinaryExecutor())
} else if arguments.count >= 2, let selected = plugin(named: arguments[1]) {
    PluginMain.run(selected, executor: SameBinaryExecutor())
} else if arguments.count >= 2, arguments[1] == "--list" {
    print(pluginNames.joined(separator: "\n"))
} else {
    print("""
        cni-plugins: the swift-cni plugins in one binary.
        Run it through a link named after a plugin (\(pluginNames.joined(separator: ", "))), \
        or as `cni-plugins NAME`; `cni-plugins --list` prints the names.
        """)
}
