import LinuxSystem

/// The programs under test and the reference programs they are compared with.
public enum Binaries {
    /// Where `swift build` put our products (`SWIFTCNI_BIN` overrides).
    public static let buildDirectory: String = {
        if let override = ProcessEnvironment.current.first(where: { $0.hasPrefix("SWIFTCNI_BIN=") }) {
            return String(override.dropFirst("SWIFTCNI_BIN=".count))
        }
        return "\(Fixtures.repositoryRoot)/.build/debug"
    }()

    /// The multi-call plugin binary.
    public static var plugins: String { "\(buildDirectory)/cni-plugins" }
    /// Our cnitool.
    public static var cnitool: String { "\(buildDirectory)/cnitool" }
    /// The Go program driving Go's libcni (built by `Scripts/go-harness.sh build`).
    public static var golibcni: String { "\(Fixtures.repositoryRoot)/.build/go/bin/golibcni" }
    /// The conversion golden generator.
    public static var goconvert: String { "\(Fixtures.repositoryRoot)/.build/go/bin/goconvert" }
    /// Debian's reference plugins.
    public static let referencePluginDirectory = "/usr/lib/cni"

    /// The names our multi-call binary answers to.
    public static func ourPluginNames() throws -> [String] {
        try Command.check([plugins, "--list"]).split(separator: "\n").map(String.init)
    }

    /// A fresh directory of plugin links: ours for `ours`, Debian's for `reference`.
    /// The caller removes it with `FileSystem.removeTree`.
    public static func pluginDirectory(ours: [String] = [], reference: [String] = []) throws -> String {
        let directory = try Fixtures.temporaryDirectory("swiftcni-plugins")
        for name in ours { try Command.check(["ln", "-s", plugins, "\(directory)/\(name)"]) }
        for name in reference { try Command.check(["ln", "-s", "\(referencePluginDirectory)/\(name)", "\(directory)/\(name)"]) }
        return directory
    }

    /// A fresh directory every user may read and run from, holding copies of `files` under
    /// their own names, for tests that run programs as an unprivileged user: the clone (and with
    /// it `.build` and `Tests/Fixtures`) may sit under a directory only its owner can enter, such
    /// as a 0700 home. The caller removes it with `FileSystem.removeTree`.
    public static func copiesForAnyUser(_ files: [String]) throws -> String {
        let directory = try Fixtures.temporaryDirectory("swiftcni-shared")
        for file in files {
            try Command.check(["cp", "--dereference", file, directory])
        }
        try Command.check(["chmod", "-R", "a+rX", directory])
        return directory
    }
}
