#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A closure running on its own POSIX thread while the caller goes on; ``join()`` waits for it
/// and returns what it returned.
///
/// Plugins are synchronous (decision 0001), but a short-lived process can still overlap two
/// independent waits on the kernel: the bridge plugin asks IPAM for addresses (lease files on
/// disk) while it creates the veth pair (netlink). On two cores that takes the shorter of the two
/// off every ADD. Join before using the result; the thread is joined at the latest when the value
/// is released, so it never outlives its owner.
public final class ConcurrentWork<Output: Sendable>: Sendable {
    private let thread: JoinableThread
    private let slot: Slot

    /// Starts `body` on a new thread.
    public init(_ body: @escaping @Sendable () throws -> Output) throws {
        let slot = Slot()
        self.slot = slot
        thread = try JoinableThread { slot.outcome = Result { try body() } }
    }

    /// Waits for the closure to finish; returns its result or rethrows its error (every call).
    public func join() throws -> Output {
        thread.join()
        guard let outcome = slot.outcome else { throw SystemError(errno: EINTR, operation: "thread") }
        return try outcome.get()
    }

    /// Where the thread leaves its outcome: written before the thread ends, read after
    /// `pthread_join`, which orders the two.
    private final class Slot: @unchecked Sendable {
        var outcome: Result<Output, any Error>?
    }
}

/// A POSIX thread that is joined exactly once: by ``join()`` or when released.
final class JoinableThread: @unchecked Sendable {
    private let handle: pthread_t
    private var joined = false

    init(_ run: @escaping () -> Void) throws {
        let job = Unmanaged.passRetained(Job(run)).toOpaque()
        var handle = pthread_t()
        let created = pthread_create(&handle, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Job>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, job)
        guard created == 0 else {
            Unmanaged<Job>.fromOpaque(job).release()
            throw SystemError(errno: created, operation: "pthread_create")
        }
        self.handle = handle
    }

    func join() {
        guard !joined else { return }
        pthread_join(handle, nil)
        joined = true
    }

    deinit { join() }

    private final class Job {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }
}
