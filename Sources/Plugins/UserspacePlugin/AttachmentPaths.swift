/// Where one attachment's sockets and files live (docs/USERSPACE.md, "The container contract").
///
/// Socket names follow Intel's userspace-cni (`<id12>-<ifName>` for vhost-user,
/// `memif-<id12>-<ifName>.sock` for memif), in a directory per container under `sharedDir`,
/// which keeps socket paths short: a Unix socket path must fit in 107 bytes, and a full
/// 64-character container ID would not leave room.
struct AttachmentPaths: Sendable, Equatable {
    let containerID: String
    let interfaceName: String
    let socketDirectory: String
    let socketFile: String
    let dataDirectory: String

    init(containerID: String, interfaceName: String, config: UserspaceConfig) {
        self.containerID = containerID
        self.interfaceName = interfaceName
        let shortID = String(containerID.prefix(12))
        socketDirectory = "\(config.sharedDirectory)/\(shortID)"
        socketFile = config.host.interfaceType == .memif ? "memif-\(shortID)-\(interfaceName).sock" : "\(shortID)-\(interfaceName)"
        dataDirectory = "\(config.dataDirectory)/\(containerID)"
    }

    var socketPath: String { "\(socketDirectory)/\(socketFile)" }
    var configurationFile: String { "\(dataDirectory)/\(ContainerConfiguration.fileName(interfaceName: interfaceName))" }

    /// The switch port's name: the socket's name for vhost-user (a `dpdkvhostuser` port's
    /// socket is named after the port), `mif-<id12>-<ifName>` for memif.
    var portName: String {
        socketFile.hasPrefix("memif-") ? "mif-\(containerID.prefix(12))-\(interfaceName)" : socketFile
    }

    /// A DPDK virtual device name unique to the attachment (OVS needs one per memif port; the
    /// memif driver claims every name that starts with `net_memif`).
    var memifDeviceName: String { "net_memif_\(Self.hash("\(containerID)/\(interfaceName)"))" }

    /// 64-bit FNV-1a in hex: short and stable.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
