#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A pipe whose two ends are closed when it goes away (or earlier, one by one).
final class Pipe {
    private(set) var readEnd: Int32
    private(set) var writeEnd: Int32

    init() throws {
        var fds: [Int32] = [-1, -1]
        // pipe2(O_CLOEXEC) is not visible from Swift's Glibc module; set the flag right after.
        _ = try systemCall("pipe") { pipe(&fds) }
        readEnd = fds[0]
        writeEnd = fds[1]
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
    }

    func closeReadEnd() {
        if readEnd >= 0 { close(readEnd) }
        readEnd = -1
    }

    func closeWriteEnd() {
        if writeEnd >= 0 { close(writeEnd) }
        writeEnd = -1
    }

    deinit {
        closeReadEnd()
        closeWriteEnd()
    }
}

/// Moves bytes between us and a child over three pipes with `poll`, so that a child blocked on a
/// full stdout pipe can never deadlock against us writing its stdin.
struct PipePump {
    let stdin: Pipe
    var stdinData: [UInt8]
    let stdout: Pipe
    let stderr: Pipe
    let outputLimit: Int
    var stdinOffset = 0
    var stdoutData: [UInt8] = []
    var stderrData: [UInt8] = []

    init(stdin: Pipe, stdinData: [UInt8], stdout: Pipe, stderr: Pipe, outputLimit: Int) {
        self.stdin = stdin
        self.stdinData = stdinData
        self.stdout = stdout
        self.stderr = stderr
        self.outputLimit = outputLimit
        _ = fcntl(stdin.writeEnd, F_SETFL, fcntl(stdin.writeEnd, F_GETFL) | O_NONBLOCK)
        if stdinData.isEmpty { stdin.closeWriteEnd() }
    }

    /// Runs until both output pipes reach end of file; `false` if the deadline passed first.
    mutating func run(until deadline: Double?) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while stdout.readEnd >= 0 || stderr.readEnd >= 0 {
            var fds: [pollfd] = []
            if stdin.writeEnd >= 0 { fds.append(pollfd(fd: stdin.writeEnd, events: Int16(POLLOUT), revents: 0)) }
            if stdout.readEnd >= 0 { fds.append(pollfd(fd: stdout.readEnd, events: Int16(POLLIN), revents: 0)) }
            if stderr.readEnd >= 0 { fds.append(pollfd(fd: stderr.readEnd, events: Int16(POLLIN), revents: 0)) }
            var waitMilliseconds: Int32 = -1
            if let deadline {
                let remaining = deadline - ProcessRunner.monotonicSeconds()
                if remaining <= 0 { return false }
                waitMilliseconds = Int32(min(remaining * 1000 + 1, 60_000))
            }
            let ready = poll(&fds, nfds_t(fds.count), waitMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return false
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == stdin.writeEnd {
                    writeStdin()
                } else if entry.fd == stdout.readEnd {
                    if !drain(stdout, into: &stdoutData, buffer: &buffer) { stdout.closeReadEnd() }
                } else if entry.fd == stderr.readEnd {
                    if !drain(stderr, into: &stderrData, buffer: &buffer) { stderr.closeReadEnd() }
                }
            }
        }
        return true
    }

    private mutating func writeStdin() {
        let written = stdinData.withUnsafeBytes { bytes in
            write(stdin.writeEnd, bytes.baseAddress! + stdinOffset, bytes.count - stdinOffset)
        }
        if written > 0 {
            stdinOffset += written
            if stdinOffset == stdinData.count { stdin.closeWriteEnd() }
        } else if written < 0 && errno != EAGAIN && errno != EINTR {
            stdin.closeWriteEnd()  // the child closed its stdin (EPIPE): stop feeding it
        }
    }

    /// Reads what is available; `false` at end of file or on error.
    private func drain(_ pipe: Pipe, into data: inout [UInt8], buffer: inout [UInt8]) -> Bool {
        let count = buffer.withUnsafeMutableBytes { read(pipe.readEnd, $0.baseAddress, $0.count) }
        if count > 0 {
            if data.count < outputLimit { data.append(contentsOf: buffer[0..<min(count, outputLimit - data.count)]) }
            return true
        }
        return count < 0 && (errno == EAGAIN || errno == EINTR)
    }
}
