import CNISpec
import LinuxSystem

/// What ADD leaves on disk for one attachment, so that DEL, CHECK and GC can find the exact
/// process it started: `<stateDir>/<containerID>-<ifname>.json`, with the API socket beside it.
struct SlirpState: Codable, Sendable, Equatable {
    var containerID: String
    var interfaceName: String
    var netns: String
    var backend: String
    var pid: Int32
    /// The process's start time, so a recycled PID is never mistaken for it.
    var startTime: UInt64
    var apiSocket: String?
    var logFile: String
    var mac: String
    /// slirp4netns's IDs of the port forwards ADD made.
    var forwardIDs: [Int]
    var portMappings: [PortMapping]

    /// The directory for state files: the configured one, or `/run/cni/slirp` for root, or the
    /// user's runtime directory for rootless use.
    static func directory(configured: String?, environment: [String]) -> String {
        if let configured { return configured }
        let rootless = RootlessDetection.outsideUID()
        if rootless == nil { return "/run/cni/slirp" }
        if let runtime = environment.last(where: { $0.hasPrefix("XDG_RUNTIME_DIR=") })?.dropFirst(16), !runtime.isEmpty {
            return "\(runtime)/cni-slirp"
        }
        return "/tmp/cni-slirp-\(rootless ?? 0)"
    }

    /// A 16-character name for an attachment (FNV-1a of container ID and interface), short enough
    /// for socket paths.
    static func shortName(containerID: String, interfaceName: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (containerID + "/" + interfaceName).utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    static func file(directory: String, containerID: String, interfaceName: String) -> String {
        "\(directory)/\(containerID)-\(interfaceName).json"
    }

    static func load(_ path: String) throws(CNIError) -> SlirpState? {
        guard let bytes = try? FileSystem.readFile(path) else { return nil }
        do {
            return try JSONValueDecoder().decode(SlirpState.self, from: bytes)
        } catch {
            throw CNIError(.decodingFailure, "unreadable slirp state \(path): \(error)")
        }
    }

    func store(_ path: String) throws(CNIError) {
        do {
            try FileSystem.writeFileAtomically(path, try JSONValueEncoder().encodeBytes(self), mode: 0o600)
        } catch {
            throw CNIError(.ioFailure, "write slirp state \(path): \(error)")
        }
    }

    /// Every state file in a directory.
    static func all(in directory: String) -> [(path: String, state: SlirpState)] {
        let names = ((try? FileSystem.listDirectory(directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            let path = "\(directory)/\(name)"
            guard let state = try? load(path) else { return nil }
            return (path, state)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// `getuid()`; a function so the import stays in this file.
func getuidSafe() -> UInt32 { getuid() }

/// Whether we run without real root: as an ordinary user, or as root inside a user namespace
/// (`unshare --user --map-root-user`), where root-owned paths like /run are not writable.
enum RootlessDetection {
    /// `nil` for real root; otherwise the user ID outside every user namespace.
    static func outsideUID() -> UInt32? {
        let uid = getuid()
        guard let bytes = try? FileSystem.readFile("/proc/self/uid_map") else { return uid == 0 ? nil : uid }
        // The initial namespace maps everything: "0 0 4294967295".
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let inside = UInt32(fields[0]), let outside = UInt32(fields[1]),
                  let count = UInt32(fields[2]) else { continue }
            if inside == 0 && outside == 0 && count == UInt32.max { return uid == 0 ? nil : uid }
            if uid >= inside && uid - inside < count { return outside + (uid - inside) }
        }
        return uid
    }
}
