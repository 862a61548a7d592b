#if canImport(Glibc)
import Glibc
#endif
public import CNISpec
import LinuxSystem
public import UserspacePlugin

/// Finds and reads the configuration the `userspace` plugin hands to the container, waiting for
/// it: the agent often starts before the runtime has finished ADD.
public enum ConfigurationSource {
    /// The file to read: `explicit` if given, else in the data directory the file for
    /// `interfaceName`, else the only `configData-*.json` there. `nil` while there is none yet.
    public static func locate(explicit: String?, dataDirectory: String, interfaceName: String?) throws(CNIError) -> String? {
        if let explicit { return FileSystem.exists(explicit) ? explicit : nil }
        if let interfaceName {
            let path = "\(dataDirectory)/\(ContainerConfiguration.fileName(interfaceName: interfaceName))"
            return FileSystem.exists(path) ? path : nil
        }
        let names = ((try? FileSystem.listDirectory(dataDirectory)) ?? [])
            .filter { $0.hasPrefix("configData-") && $0.hasSuffix(".json") }.sorted()
        if names.count > 1 {
            throw CNIError(.invalidEnvironment, "\(dataDirectory) has configurations for several interfaces " +
                           "(\(names.joined(separator: ", "))): choose one with --interface or --config")
        }
        return names.first.map { "\(dataDirectory)/\($0)" }
    }

    /// Waits up to `timeout` seconds for the configuration to appear, then reads it. A file
    /// that exists but does not parse is an error at once, naming the file and the key.
    public static func load(explicit: String?, dataDirectory: String, interfaceName: String?, timeout: Double)
        throws(CNIError) -> (path: String, configuration: ContainerConfiguration)
    {
        let deadline = ProcessRunner.monotonicSeconds() + timeout
        while true {
            if let path = try locate(explicit: explicit, dataDirectory: dataDirectory, interfaceName: interfaceName) {
                let bytes: [UInt8]
                do {
                    bytes = try FileSystem.readFile(path)
                } catch {
                    throw CNIError(.ioFailure, "read \(path): \(error)")
                }
                // The plugin writes the file atomically, so an empty file is someone else's.
                guard !bytes.isEmpty else { throw CNIError(.decodingFailure, "\(path) is empty") }
                return (path, try ContainerConfiguration.load(bytes: bytes, path: path))
            }
            if ProcessRunner.monotonicSeconds() >= deadline {
                let what = explicit ?? "\(dataDirectory)/\(interfaceName.map { ContainerConfiguration.fileName(interfaceName: $0) } ?? "configData-*.json")"
                throw CNIError(.ioFailure, "no configuration at \(what) after \(timeout) s: has the userspace plugin " +
                               "run ADD for this container, and is its data directory mounted at \(dataDirectory)?")
            }
            usleep(50_000)
        }
    }
}
