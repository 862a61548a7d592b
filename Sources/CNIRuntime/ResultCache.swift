public import CNISpec
import LinuxSystem

/// The result cache, in the format of Go's libcni (`kind: cniCacheV1`) so that either runtime
/// can read what the other wrote: `<directory>/results/<network>-<containerID>-<ifname>`.
public struct ResultCache: Sendable {
    /// The cache root (Go's default is `/var/lib/cni`).
    public var directory: String

    /// The `kind` of entries this format writes.
    public static let kind = "cniCacheV1"

    public init(directory: String = "/var/lib/cni") { self.directory = directory }

    /// One cached attachment.
    public struct Entry: Sendable, Hashable {
        public var containerID: String
        public var networkName: String
        public var interfaceName: String
        public var netns: String
        /// The configuration (list) bytes the attachment was made with.
        public var config: [UInt8]
        public var args: [CNIArgs.Pair]
        public var capabilityArgs: JSONObject
        /// The final result of ADD, as the raw JSON stored.
        public var result: JSONValue?
    }

    /// The file for one attachment.
    public func path(network: String, containerID: String, interfaceName: String) throws(CNIError) -> String {
        if network.isEmpty || containerID.isEmpty || interfaceName.isEmpty {
            throw CNIError(.internal, "cache file path requires network name (\"\(network)\"), container ID " +
                           "(\"\(containerID)\"), and interface name (\"\(interfaceName)\")")
        }
        return "\(directory)/results/\(network)-\(containerID)-\(interfaceName)"
    }

    /// Writes an entry (directory mode 0700, file 0600, as Go does).
    public func store(_ entry: Entry) throws(CNIError) {
        let file = try path(network: entry.networkName, containerID: entry.containerID, interfaceName: entry.interfaceName)
        var object = JSONObject()
        object["kind"] = .string(Self.kind)
        object["containerId"] = .string(entry.containerID)
        object["config"] = .string(Base64.encode(entry.config))
        object["ifName"] = .string(entry.interfaceName)
        object["networkName"] = .string(entry.networkName)
        if !entry.netns.isEmpty { object["netns"] = .string(entry.netns) }
        if !entry.args.isEmpty {
            object["cniArgs"] = .array(entry.args.map { .array([.string($0.key), .string($0.value)]) })
        }
        if !entry.capabilityArgs.isEmpty { object["capabilityArgs"] = .object(entry.capabilityArgs) }
        if let result = entry.result { object["result"] = result }
        do {
            try FileSystem.createDirectory("\(directory)/results", mode: 0o700)
            try FileSystem.writeFileAtomically(file, JSONSerializer.serialize(.object(object)), mode: 0o600)
        } catch {
            throw CNIError(.ioFailure, "failed to write result cache \(file): \(error)")
        }
    }

    /// Reads an entry; `nil` when there is none. An entry of another kind is an error
    /// (callers may fall back to reading it as a bare result, Go's legacy format).
    public func load(network: String, containerID: String, interfaceName: String) throws(CNIError) -> Entry? {
        let file = try path(network: network, containerID: containerID, interfaceName: interfaceName)
        guard let bytes = try? FileSystem.readFile(file) else { return nil }
        return try Self.parse(bytes, file: file)
    }

    /// Removes an entry; a missing one is fine.
    public func remove(network: String, containerID: String, interfaceName: String) {
        guard let file = try? path(network: network, containerID: containerID, interfaceName: interfaceName) else {
            return
        }
        try? FileSystem.removeFile(file)
    }

    /// Every valid entry, optionally only those of one container, sorted by file name.
    public func entries(containerID: String? = nil) -> [Entry] {
        let resultsDirectory = "\(directory)/results"
        guard let names = try? FileSystem.listDirectory(resultsDirectory) else { return [] }
        var found: [Entry] = []
        for name in names.sorted() {
            if let containerID, !name.contains("-\(containerID)-") { continue }
            guard let bytes = try? FileSystem.readFile("\(resultsDirectory)/\(name)"),
                  let entry = try? Self.parse(bytes, file: name) else { continue }
            if let containerID, entry.containerID != containerID { continue }
            if entry.interfaceName.isEmpty || entry.networkName.isEmpty { continue }
            found.append(entry)
        }
        return found
    }

    static func parse(_ bytes: [UInt8], file: String) throws(CNIError) -> Entry {
        guard let value = try? JSONParser.parse(bytes), case .object(let object) = value else {
            throw CNIError(.decodingFailure, "failed to unmarshal cached network config \(file)")
        }
        func string(_ key: String) -> String { object.value(forGoField: key)?.stringValue ?? "" }
        guard string("kind") == kind else {
            throw CNIError(.decodingFailure, "read cached network config \(file) has wrong kind: \(string("kind"))")
        }
        let config = Base64.decode(string("config")) ?? []
        let args = (object.value(forGoField: "cniArgs")?.arrayValue ?? []).compactMap { pair -> CNIArgs.Pair? in
            guard let items = pair.arrayValue, items.count == 2,
                  let key = items[0].stringValue, let value = items[1].stringValue else { return nil }
            return CNIArgs.Pair(key: key, value: value)
        }
        let result = object.value(forGoField: "result")
        return Entry(
            containerID: string("containerId"), networkName: string("networkName"), interfaceName: string("ifName"),
            netns: string("netns"), config: config, args: args,
            capabilityArgs: object.value(forGoField: "capabilityArgs")?.objectValue ?? JSONObject(),
            result: result == .null ? nil : result)
    }
}
