import LinuxSystem

/// The OVSDB client's socket: LinuxSystem's stream connection, its failures as ``OVSDBError``s.
final class UnixStream {
    private let connection: UnixStreamConnection

    /// Connects to the socket at `path`.
    init(path: String) throws(OVSDBError) {
        do { connection = try UnixStreamConnection(path: path) } catch { throw Self.mapped(error) }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(OVSDBError) {
        do { try connection.write(bytes) } catch { throw Self.mapped(error) }
    }

    /// Reads what is available, waiting until `deadline` (monotonic seconds) at most.
    func read(until deadline: Double) throws(OVSDBError) -> [UInt8] {
        do { return try connection.read(until: deadline) } catch { throw Self.mapped(error) }
    }

    private static func mapped(_ failure: UnixStreamConnection.Failure) -> OVSDBError {
        switch failure.kind {
        case .connect: OVSDBError(.connect, failure.message)
        case .connectionLost: OVSDBError(.connectionLost, failure.message)
        case .timeout: OVSDBError(.timeout, failure.message)
        }
    }
}
