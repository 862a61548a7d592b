import CNISpec

/// The network `cnitool exec` uses when none is configured: loopback, then a bridge with
/// host-local addresses on a private test subnet. No masquerading and no default route, so a
/// container on it reaches only the host and its neighbours on the bridge, never the outside.
enum DefaultNetwork {
    static let name = "swiftcni-default"
    static let bridge = "swiftcni0"
    static let subnet = "10.250.0.0/24"
    static let gateway = "10.250.0.1"

    static let json = """
        {
          "cniVersion": "1.0.0",
          "name": "\(name)",
          "plugins": [
            {"type": "loopback"},
            {
              "type": "bridge",
              "bridge": "\(bridge)",
              "isGateway": true,
              "ipMasq": false,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "ranges": [[{"subnet": "\(subnet)", "gateway": "\(gateway)"}]]
              }
            }
          ]
        }
        """

    static func configList() throws -> NetworkConfigList {
        try NetworkConfigList(bytes: Array(json.utf8))
    }
}
