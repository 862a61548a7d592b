#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs a closure on a fresh POSIX thread and waits for it.
///
/// For work that changes per-thread kernel state (`setns`, `unshare`): the state dies with the
/// thread, so it never leaks into code that runs later on a reused thread.
public enum DedicatedThread {
    /// Runs `body` on a new thread, waits for it, and returns its result or rethrows its error.
    public static func run<Output>(_ body: () throws -> Output) throws -> Output {
        var outcome: Result<Output, any Error>?
        try withoutActuallyEscaping(body) { escapable in
            try withUnsafeMutablePointer(to: &outcome) { slot in
                // `join` orders everything the thread wrote before anything read afterwards.
                try JoinableThread { slot.pointee = Result { try escapable() } }.join()
            }
        }
        guard let outcome else { throw SystemError(errno: EINTR, operation: "thread") }
        return try outcome.get()
    }
}
