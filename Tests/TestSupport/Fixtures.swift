import CNISpec
import LinuxSystem

/// Paths of files the tests read from the source tree (no bundles: plain files next to the tests).
public enum Fixtures {
    /// The repository root, found from this file's path.
    public static let repositoryRoot: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/TestSupport/Fixtures.swift
        return parts.joined(separator: "/")
    }()

    /// A file under `Tests/Fixtures`.
    public static func path(_ name: String) -> String { "\(repositoryRoot)/Tests/Fixtures/\(name)" }

    /// A fixture parsed as JSON.
    public static func json(_ name: String) throws -> JSONValue {
        try JSONParser.parse(try FileSystem.readFile(path(name)))
    }

    /// A temporary directory removed by the caller (`removeTree`).
    public static func temporaryDirectory(_ prefix: String = "swiftcni-test") throws -> String {
        let path = "/tmp/\(prefix)-\(UInt64.random(in: 0 ... .max))"
        try FileSystem.createDirectory(path)
        return path
    }
}
