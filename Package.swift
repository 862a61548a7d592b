// swift-tools-version: 6.2
import PackageDescription

// Layers (a module imports only lower ones; see README.md and docs/decisions):
//   pure values   NetAddress
//   pure spec     CNISpec, NetlinkCodec
//   system        LinuxSystem, NetNS, Netlink, PluginExec
//   framework     CNISkel, CNIRuntime
//   helpers       PluginKit, IPAM, PacketFilter
//   plugins       <Name>Plugin
//   executables   cni-plugins (multi-call), cnitool

let package = Package(
    name: "swift-cni",
    products: [
        .executable(name: "cni-plugins", targets: ["cni-plugins"]),
        .executable(name: "cnitool", targets: ["cnitool"]),
        .executable(name: "usrsp-app", targets: ["usrsp-app"]),
        .library(name: "CNISpec", targets: ["CNISpec"]),
        .library(name: "CNISkel", targets: ["CNISkel"]),
        .library(name: "CNIRuntime", targets: ["CNIRuntime"]),
        .library(name: "Netlink", targets: ["Netlink"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - Pure layers (no Glibc, no Foundation)
        .target(name: "NetAddress"),
        .target(name: "CNISpec", dependencies: ["NetAddress"]),
        .target(name: "NetlinkCodec", dependencies: ["NetAddress"]),

        // MARK: - System layer
        .target(name: "CLinuxShims"),
        .target(name: "LinuxSystem", dependencies: ["CLinuxShims"]),
        .target(name: "NetNS", dependencies: ["LinuxSystem", "CLinuxShims"]),
        .target(name: "Netlink", dependencies: ["NetlinkCodec", "NetNS", "LinuxSystem", "NetAddress"]),
        .target(name: "PluginExec", dependencies: ["CNISpec", "LinuxSystem"]),

        // MARK: - Framework
        .target(name: "CNISkel", dependencies: ["CNISpec", "PluginExec", "LinuxSystem"]),
        .target(name: "CNIRuntime", dependencies: ["CNISpec", "PluginExec", "LinuxSystem"]),

        // MARK: - Helpers
        .target(
            name: "PluginKit",
            dependencies: ["CNISkel", "CNISpec", "Netlink", "NetlinkCodec", "NetNS", "LinuxSystem", "NetAddress", "PacketFilter"]),
        .target(name: "IPAM", dependencies: ["CNISpec", "NetAddress", "LinuxSystem", "CLinuxShims"]),
        .target(name: "OVSDB", dependencies: ["CNISpec", "LinuxSystem"]),
        .target(name: "PacketFilter", dependencies: ["CNISpec", "Netlink", "NetlinkCodec", "NetAddress"]),
        .target(name: "VPPAPI", dependencies: ["LinuxSystem", "NetAddress"]),

        // MARK: - Plugins
        .target(name: "LoopbackPlugin", dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "Netlink", "NetlinkCodec"], path: "Sources/Plugins/LoopbackPlugin"),
        .target(
            name: "SlirpPlugin",
            dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "LinuxSystem", "PluginExec"],
            path: "Sources/Plugins/SlirpPlugin"
        ),
        .target(
            name: "BridgePlugin",
            dependencies: [
                "PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "Netlink", "NetlinkCodec", "LinuxSystem", "PacketFilter",
            ],
            path: "Sources/Plugins/BridgePlugin"
        ),
        .target(
            name: "PTPPlugin",
            dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "Netlink", "NetlinkCodec", "LinuxSystem"],
            path: "Sources/Plugins/PTPPlugin"
        ),
        .target(
            name: "HostDevicePlugin",
            dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "Netlink", "NetlinkCodec", "LinuxSystem"],
            path: "Sources/Plugins/HostDevicePlugin"
        ),
        .target(
            name: "TapPlugin",
            dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "Netlink", "NetlinkCodec", "LinuxSystem"],
            path: "Sources/Plugins/TapPlugin"
        ),
        .target(
            name: "MacvlanPlugin",
            dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "Netlink", "NetlinkCodec", "LinuxSystem"],
            path: "Sources/Plugins/MacvlanPlugin"
        ),
        .target(
            name: "IPVlanPlugin",
            dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "Netlink", "NetlinkCodec", "LinuxSystem"],
            path: "Sources/Plugins/IPVlanPlugin"
        ),
        .target(
            name: "VLANPlugin",
            dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "Netlink", "NetlinkCodec", "LinuxSystem"],
            path: "Sources/Plugins/VLANPlugin"
        ),
        .target(
            name: "DummyPlugin",
            dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "Netlink", "NetlinkCodec", "LinuxSystem"],
            path: "Sources/Plugins/DummyPlugin"
        ),
        .target(
            name: "VRFPlugin",
            dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "NetNS", "Netlink", "NetlinkCodec", "LinuxSystem"],
            path: "Sources/Plugins/VRFPlugin"
        ),
        .target(
            name: "UserspacePlugin",
            dependencies: ["PluginKit", "CNISkel", "CNISpec", "NetAddress", "LinuxSystem", "OVSDB", "VPPAPI"],
            path: "Sources/Plugins/UserspacePlugin"
        ),
        .target(
            name: "UserspaceAgent",
            dependencies: ["CNISpec", "LinuxSystem", "OVSDB", "VPPAPI", "UserspacePlugin", "PluginKit", "Netlink", "NetNS", "NetAddress"],
            path: "Sources/UserspaceAgent"),
        .target(
            name: "HostLocalPlugin", dependencies: ["CNISkel", "CNISpec", "IPAM", "NetAddress"],
            path: "Sources/Plugins/HostLocalPlugin"),
        .target(
            name: "StaticPlugin", dependencies: ["CNISkel", "CNISpec", "NetAddress"], path: "Sources/Plugins/StaticPlugin"),

        // MARK: - Executables
        .executableTarget(
            name: "cni-plugins",
            dependencies: [
                "CNISkel", "CNISpec", "PluginExec", "LinuxSystem", "LoopbackPlugin", "SlirpPlugin", "HostLocalPlugin",
                "StaticPlugin", "BridgePlugin", "UserspacePlugin", "PTPPlugin", "HostDevicePlugin", "TapPlugin",
                "MacvlanPlugin", "IPVlanPlugin", "VLANPlugin", "DummyPlugin", "VRFPlugin",
            ],
            path: "Sources/Executables/cni-plugins"
        ),
        .executableTarget(
            name: "usrsp-app",
            dependencies: [
                "UserspaceAgent", "UserspacePlugin", "CNISpec", "LinuxSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Executables/usrsp-app"
        ),
        .executableTarget(
            name: "cnitool",
            dependencies: [
                "CNIRuntime", "PluginExec", "NetNS", "LinuxSystem", "NetAddress",
            ],
            path: "Sources/Executables/cnitool"
        ),

        // MARK: - Benchmarks (not tests: run Benchmarks/netlink/run.sh)
        .executableTarget(
            name: "netlink-benchmark",
            dependencies: ["Netlink", "NetNS", "LinuxSystem"],
            path: "Benchmarks/netlink",
            exclude: ["floor.c", "run.sh", "README.md"]
        ),

        // MARK: - Tests (few targets: each one costs build time on every CI run)
        .target(
            name: "TestSupport",
            dependencies: ["CNISpec", "CNISkel", "CNIRuntime", "NetNS", "Netlink", "LinuxSystem"],
            path: "Tests/TestSupport"
        ),
        // Pure tests: no root, no kernel state.
        .testTarget(
            name: "UnitTests",
            dependencies: [
                "TestSupport", "NetAddress", "CNISpec", "NetlinkCodec", "LinuxSystem", "PluginExec", "CNISkel", "SlirpPlugin",
                "CNIRuntime", "IPAM", "HostLocalPlugin", "StaticPlugin", "Netlink", "OVSDB", "UserspacePlugin",
                "UserspaceAgent", "PacketFilter", "PTPPlugin", "HostDevicePlugin", "TapPlugin", "VPPAPI",
                "MacvlanPlugin", "IPVlanPlugin", "VLANPlugin", "DummyPlugin", "VRFPlugin", "BridgePlugin", "PluginKit",
            ]
        ),
        // Root tests: namespaces, netlink, plugins in-process, real binaries and the Go reference.
        .testTarget(
            name: "SystemTests",
            dependencies: [
                "TestSupport", "NetAddress", "CNISpec", "NetlinkCodec", "LinuxSystem", "NetNS", "Netlink",
                "PluginExec", "CNISkel", "CNIRuntime", "PluginKit", "LoopbackPlugin", "SlirpPlugin", "IPAM", "BridgePlugin",
                "HostLocalPlugin", "StaticPlugin", "OVSDB", "UserspacePlugin", "PacketFilter", "PTPPlugin",
                "HostDevicePlugin", "TapPlugin", "MacvlanPlugin", "IPVlanPlugin", "VLANPlugin", "DummyPlugin",
                "VRFPlugin", "VPPAPI",
            ]
        ),
    ]
)

for target in package.targets where target.name != "CLinuxShims" {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
