#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem

/// Runs programs from tests: the binaries we built, the Go harness, `ip` for assertions.
public enum Command {
    /// The outcome of a run.
    public struct Output: Sendable {
        public var stdout: String
        public var stderr: String
        public var status: Int32
        public var succeeded: Bool { status == 0 }

        public init(stdout: String, stderr: String, status: Int32) {
            self.stdout = stdout
            self.stderr = stderr
            self.status = status
        }
    }

    /// Runs `arguments[0]` (looked up on `PATH` unless it contains a `/`) with this process's
    /// environment plus `environment`, feeding `stdin`. `timeout` in seconds.
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String = "",
                           timeout: Double = 120) throws -> Output {
        guard let program = arguments.first else { return Output(stdout: "", stderr: "no program", status: 127) }
        // A child that exits without reading its stdin must not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        let path = program.contains("/") ? program : try which(program)
        let keys = Set(environment.keys)
        let inherited = ProcessEnvironment.current.filter { entry in
            guard let equals = entry.firstIndex(of: "=") else { return true }
            return !keys.contains(String(entry[..<equals]))
        }
        let env = inherited + environment.map { "\($0.key)=\($0.value)" }.sorted()
        let output = try ProcessRunner.run(
            path, arguments: Array(arguments.dropFirst()), argv0: program, environment: env,
            stdin: Array(stdin.utf8), timeout: timeout)
        let status: Int32
        switch output.termination {
        case .exited(let code): status = code
        case .signaled(let signal): status = 128 + signal
        case .timedOut: status = 124
        }
        return Output(stdout: String(decoding: output.stdout, as: UTF8.self),
                      stderr: String(decoding: output.stderr, as: UTF8.self), status: status)
    }

    /// Runs a command that must succeed and returns its stdout.
    @discardableResult
    public static func check(_ arguments: [String], environment: [String: String] = [:], stdin: String = "") throws -> String {
        let output = try run(arguments, environment: environment, stdin: stdin)
        guard output.succeeded else {
            throw CommandFailure(command: arguments.joined(separator: " "), output: output)
        }
        return output.stdout
    }

    /// The full path of a program on `PATH`.
    public static func which(_ name: String) throws -> String {
        let path = (ProcessEnvironment.current.first { $0.hasPrefix("PATH=") }?.dropFirst(5)).map(String.init)
            ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in (path + ":/usr/sbin:/sbin").split(separator: ":") where FileSystem.isExecutableFile("\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw CommandFailure(command: name, output: Output(stdout: "", stderr: "not found on PATH", status: 127))
    }
}

/// A command that failed where the test needed it to succeed.
public struct CommandFailure: Error, CustomStringConvertible {
    public var command: String
    public var output: Command.Output
    public init(command: String, output: Command.Output) {
        self.command = command
        self.output = output
    }
    public var description: String { "`\(command)` failed (\(output.status)): \(output.stderr)\(output.stdout)" }
}
