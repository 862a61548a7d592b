import LinuxSystem
import TestSupport
import Testing

/// A runtime SIGKILLs a plugin whose timeout fired, so every instant of an ADD must be a safe
/// place to die: after a kill, DEL for the same container leaves nothing of the attachment (no
/// lease, no empty lease, no temporary file, no veth), the next ADD gets an address, and no
/// address is lost. Real processes, killed at random instants: bridge with host-local, our
/// multi-call binary, in a host namespace of the test's own.
///
/// Bounded: at most `SWIFTCNI_CRASH_KILLS` kills (300) or 90 seconds, whichever comes first.
/// The seed is printed; `SWIFTCNI_CRASH_SEED=N` replays a run (with `SWIFTCNI_CRASH_SPAN_US`,
/// also printed, the same instants: by default the span is measured from a few ADDs). The
/// instants are the same, the phases they hit depend on how busy the machine is.
@Suite struct HostLocalCrashTests {
    static func setting(_ name: String) -> UInt64? {
        ProcessEnvironment.current.first { $0.hasPrefix("\(name)=") }.flatMap { UInt64($0.dropFirst(name.count + 1)) }
    }

    @Test func killedAddsLeaveNothingBehindAfterDelete() throws {
        let bench = try CrashBench()
        try bench.addBystanders()
        let seed = Self.setting("SWIFTCNI_CRASH_SEED") ?? UInt64.random(in: 0 ... .max)
        let maximumKills = Int(Self.setting("SWIFTCNI_CRASH_KILLS") ?? 300)
        // Kills are spread over the whole ADD and a little beyond, so that some land after it ended.
        let measured = try bench.addDuration() * 6 / 5
        let span = Self.setting("SWIFTCNI_CRASH_SPAN_US").map { UInt32(clamping: $0) } ?? measured
        print("HostLocalCrashTests: seed \(seed), kills spread over 0-\(span) µs "
            + "(replay: SWIFTCNI_CRASH_SEED=\(seed) SWIFTCNI_CRASH_SPAN_US=\(span))")
        var random = SplitMix64(seed: seed)
        let deadline = ProcessRunner.monotonicSeconds() + 90
        var phases: [String: Int] = [:]
        var kills = 0
        var failures: [String] = []
        while kills < maximumKills && ProcessRunner.monotonicSeconds() < deadline && failures.count < 10 {
            let delay = UInt32(random.next() % UInt64(span + 1))
            let label = "seed \(seed) kill \(kills) at \(delay) µs"
            let status = try bench.killedAdd(after: delay)
            kills += 1
            let phase = try phase(of: bench, exitStatus: status)
            phases[phase, default: 0] += 1
            var problems: [String] = []
            let missing = try bench.leasesMissingFromATrustedIndex()
            if !missing.isEmpty { problems.append("the index is trusted but misses \(missing)") }

            let deleted = try bench.run("bridge", "DEL")
            if !deleted.succeeded { problems.append("DEL failed: \(deleted.stderr)\(deleted.stdout)") }
            let left = try bench.ownFiles()
            if !left.isEmpty { problems.append("DEL left files \(left.sorted { $0.key < $1.key })") }
            let hostLinks = try bench.links(in: bench.attachment.host), containerLinks = try bench.links(in: bench.attachment.container)
            if !hostLinks.isEmpty || !containerLinks.isEmpty {
                problems.append("DEL left links: host \(hostLinks), container \(containerLinks)")
            }
            if problems.isEmpty {
                let added = try bench.run("bridge", "ADD")
                let leases = try bench.ownFiles()
                if !added.succeeded {
                    problems.append("ADD after the DEL failed: \(added.stdout)")
                } else if leases.count != 1 || leases.first.map({ !$0.key.hasPrefix(CrashBench.subnetPrefix) }) ?? true
                            || leases.first?.value != "\(bench.containerID)\r\neth0" {
                    problems.append("ADD after the DEL: the leases beyond the bystanders' are \(leases)")
                }
                let redeleted = try bench.run("bridge", "DEL")
                if !redeleted.succeeded { problems.append("second DEL failed: \(redeleted.stdout)") }
                if try !bench.ownFiles().isEmpty { problems.append("second DEL left \(try bench.ownFiles())") }
            }
            let bystanders = try bench.leaseFiles().filter { bench.bystanderLeases[$0.key] == $0.value }
            if bystanders.count != bench.bystanderLeases.count { problems.append("a bystander's lease changed: \(try bench.leaseFiles())") }
            if !problems.isEmpty {
                failures.append("\(label) (\(phase)): " + problems.joined(separator: "; "))
                try bench.repair()
            }
        }
        print("HostLocalCrashTests: \(kills) kills, \(failures.count) failed; where they landed: "
            + phases.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
        #expect(kills >= min(maximumKills, 50), "too few kills to mean anything (\(kills))")
    }

    /// Where a kill landed, judged by what it left (before the DEL that must clean it up).
    func phase(of bench: CrashBench, exitStatus: Int32?) throws -> String {
        if let exitStatus { return exitStatus == 0 ? "finished before the kill" : "failed before the kill (\(exitStatus))" }
        let files = try bench.ownFiles()
        let leases = files.filter { $0.key.hasPrefix(CrashBench.subnetPrefix) }
        if leases.values.contains("") { return "in the lease write: empty lease" }
        if files.count > leases.count { return "in the lease write: temporary file" }
        let hasVeth = try !bench.links(in: bench.attachment.container).isEmpty
        switch (leases.isEmpty, hasVeth) {
        case (true, false): return "before the lease and the veth"
        case (true, true): return "veth made, no lease yet"
        case (false, false): return "lease taken, no veth yet"
        case (false, true): return bench.containerHasAddress() ? "addresses set" : "lease and veth, no address yet"
        }
    }
}
