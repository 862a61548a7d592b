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
                let work = Work { slot.pointee = Result { try escapable() } }
                try start(work)
            }
        }
        guard let outcome else { throw SystemError(errno: EINTR, operation: "thread") }
        return try outcome.get()
    }

    /// Starts a thread running `work` and joins it.
    private static func start(_ work: Work) throws {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(work).toOpaque()
        let created = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().closure()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            throw SystemError(errno: created, operation: "pthread_create")
        }
        pthread_join(thread, nil)
    }

    /// The closure handed to the new thread. `pthread_join` orders everything it wrote before
    /// anything the caller reads afterwards.
    private final class Work: @unchecked Sendable {
        let closure: () -> Void
        init(_ closure: @escaping () -> Void) { self.closure = closure }
    }
}
