/// The undo steps of an operation in progress. Each step that acquires something registers how
/// to give it back; if the operation fails, the steps run in reverse. A successful operation
/// calls ``commit()`` and keeps everything.
///
/// ```swift
/// let rollback = Rollback()
/// defer { rollback.runUnlessCommitted() }
/// try createVeth(); rollback.add("delete veth") { try deleteVeth() }
/// try allocateAddress(); rollback.add("release address") { try release() }
/// rollback.commit()
/// ```
public final class Rollback {
    private var steps: [(String, () throws -> Void)] = []
    private var committed = false

    public init() {}

    /// Registers how to undo the step just taken.
    public func add(_ description: String, _ undo: @escaping () throws -> Void) {
        steps.append((description, undo))
    }

    /// Keeps everything: the undo steps will not run.
    public func commit() { committed = true }

    /// Runs the undo steps in reverse unless the operation committed. Every step runs even if
    /// an earlier one fails; the failures are returned (for logging), never thrown, so the
    /// original error stays the one reported.
    @discardableResult
    public func runUnlessCommitted() -> [String] {
        guard !committed else { return [] }
        var failures: [String] = []
        for (description, undo) in steps.reversed() {
            do { try undo() } catch { failures.append("\(description): \(error)") }
        }
        steps.removeAll()
        return failures
    }
}
