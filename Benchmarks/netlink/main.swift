// netlink-benchmark: one CNI-like interface setup (a veth pair with IPv4 and IPv6 addresses and
// routes, the peer in a second namespace), done four ways in fresh namespaces each time, timed,
// and reported side by side. Not a test: nothing here asserts a time. Run it with run.sh.
#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import NetNS
import Netlink

/// The command line: `netlink-benchmark [--iterations N] [--floor PATH] [--ptp PATH]`.
struct Options {
    var iterations = 50
    var floor: String?
    var ptp: String? = "/usr/lib/cni/ptp"

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            switch argument {
            case "--iterations": iterations = Int(rest.popFirst() ?? "") ?? iterations
            case "--floor": floor = rest.popFirst()
            case "--ptp": ptp = rest.popFirst()
            case "--no-ptp": ptp = nil
            default: print("unknown argument \(argument)")
            }
        }
    }
}

/// Nanoseconds on the monotonic clock.
func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Two fresh named namespaces, "container" (A) and "host" (B), without IPv6 duplicate address
/// detection (so no variant waits for it), deleted afterwards. Setup and teardown are not timed.
func withNamespaces<T>(_ index: Int, _ body: (_ a: String, _ b: String) throws -> T) throws -> T {
    let names = ["nlbench-a-\(getpid())-\(index)", "nlbench-b-\(getpid())-\(index)"]
    defer { for name in names { try? NetworkNamespace.delete(named: name) } }
    for name in names {
        let namespace = try NetworkNamespace.create(named: name)
        try namespace.writeSysctl("net.ipv6.conf.default.accept_dad", "0")
        try namespace.writeSysctl("net.ipv6.conf.all.accept_dad", "0")
    }
    return try body("/var/run/netns/\(names[0])", "/var/run/netns/\(names[1])")
}

/// Ours, in-process: the same requests as floor.c.
func swiftCNI(_ a: String, _ b: String) throws -> UInt64 {
    let start = now()
    let containerNamespace = try NetworkNamespace.open(a)
    let hostNamespace = try NetworkNamespace.open(b)
    let container = try RouteNetlink.open(in: containerNamespace)
    let host = try RouteNetlink.open(in: hostNamespace)
    try container.addVeth(named: "eth0", peerName: "veth-host", peerNamespace: hostNamespace)
    let eth0 = try container.link(named: "eth0").index
    let peer = try host.link(named: "veth-host").index
    try container.addAddress(IPPrefix("10.250.100.2/24")!, to: .index(eth0))
    try container.addAddress(IPPrefix("fd00:250:100::2/64")!, to: .index(eth0), options: .init(flags: .noDAD))
    try container.setLinkUp(.index(eth0))
    try container.addRoute(Route(destination: IPPrefix("0.0.0.0/0"), gateway: IPAddress("10.250.100.1"), outputInterface: eth0))
    try container.addRoute(Route(destination: IPPrefix("::/0"), gateway: IPAddress("fd00:250:100::1"), outputInterface: eth0))
    try host.addAddress(IPPrefix("10.250.100.1/24")!, to: .index(peer))
    try host.addAddress(IPPrefix("fd00:250:100::1/64")!, to: .index(peer), options: .init(flags: .noDAD))
    try host.setLinkUp(.index(peer))
    try host.addRoute(Route(destination: IPPrefix("10.250.101.0/24"), gateway: IPAddress("10.250.100.2"), outputInterface: peer))
    try host.addRoute(Route(destination: IPPrefix("fd00:250:101::/64"), gateway: IPAddress("fd00:250:100::2"), outputInterface: peer))
    return now() - start
}

/// Runs a program and fails unless it exits 0; returns its stdout.
@discardableResult
func run(_ path: String, _ arguments: [String], environment: [String] = [], stdin: String = "") throws -> String {
    let output = try ProcessRunner.run(path, arguments: arguments, environment: environment + ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], stdin: Array(stdin.utf8))
    guard output.succeeded else {
        throw SystemError(errno: EIO, operation: "\(path) \(arguments.joined(separator: " ")): \(output.termination): \(String(decoding: output.stderr + output.stdout, as: UTF8.self))")
    }
    return String(decoding: output.stdout, as: UTF8.self)
}

/// The same with `ip` commands, one process each, as a shell script would do it.
func ipCommands(_ a: String, _ b: String) throws -> UInt64 {
    let nsA = String(a.split(separator: "/").last ?? "")
    let nsB = String(b.split(separator: "/").last ?? "")
    let commands = [
        ["-n", nsA, "link", "add", "eth0", "type", "veth", "peer", "name", "veth-host", "netns", nsB],
        ["-n", nsA, "addr", "add", "10.250.100.2/24", "dev", "eth0"],
        ["-n", nsA, "addr", "add", "fd00:250:100::2/64", "dev", "eth0", "nodad"],
        ["-n", nsA, "link", "set", "eth0", "up"],
        ["-n", nsA, "route", "add", "default", "via", "10.250.100.1", "dev", "eth0"],
        ["-n", nsA, "-6", "route", "add", "default", "via", "fd00:250:100::1", "dev", "eth0"],
        ["-n", nsB, "addr", "add", "10.250.100.1/24", "dev", "veth-host"],
        ["-n", nsB, "addr", "add", "fd00:250:100::1/64", "dev", "veth-host", "nodad"],
        ["-n", nsB, "link", "set", "veth-host", "up"],
        ["-n", nsB, "route", "add", "10.250.101.0/24", "via", "10.250.100.2", "dev", "veth-host"],
        ["-n", nsB, "-6", "route", "add", "fd00:250:101::/64", "via", "fd00:250:100::2", "dev", "veth-host"],
    ]
    let start = now()
    for command in commands { try run("/usr/sbin/ip", command) }
    return now() - start
}

/// The C floor: floor.c, measured inside itself (its own process start-up is not counted).
func floor(_ program: String) -> (String, String) throws -> UInt64 {
    { a, b in
        let text = try run(program, [a, b])
        guard let value = UInt64(text.split(separator: "\n").first ?? "") else {
            throw SystemError(errno: EIO, operation: "floor printed \(text)")
        }
        return value
    }
}

/// The Go reference `ptp` plugin with host-local IPAM (ADD), started from a thread inside B so
/// its "host" side is B. It does more than the others (IPAM with a lease file, a /32 gateway
/// route, a sysctl, ARP settings), so it is context, not a like-for-like comparison.
func goPTP(_ plugin: String, dataDirectory: String) -> (String, String) throws -> UInt64 {
    { a, b in
        let config = """
            {"cniVersion":"1.0.0","name":"nlbench","type":"ptp","ipMasq":false,
             "ipam":{"type":"host-local","dataDir":"\(dataDirectory)/\(UInt32.random(in: 0 ... .max))",
                     "ranges":[[{"subnet":"10.250.100.0/24"}],[{"subnet":"fd00:250:100::/64"}]],
                     "routes":[{"dst":"0.0.0.0/0"},{"dst":"::/0"}]}}
            """
        let environment = ["CNI_COMMAND=ADD", "CNI_CONTAINERID=nlbench", "CNI_NETNS=\(a)", "CNI_IFNAME=eth0",
                           "CNI_PATH=\(plugin.split(separator: "/").dropLast().joined(separator: "/").prefixedBySlash)"]
        let host = try NetworkNamespace.open(b)
        return try host.perform { () throws -> UInt64 in
            let start = now()
            try run(plugin, [], environment: environment, stdin: config)
            return now() - start
        }
    }
}

extension String {
    var prefixedBySlash: String { hasPrefix("/") ? self : "/" + self }
}

/// Median and spread of a sample, in milliseconds.
struct Summary {
    var median, p10, p90, minimum: Double

    init(_ samples: [UInt64]) {
        let sorted = samples.sorted().map { Double($0) / 1e6 }
        func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count - 1)))] }
        median = at(0.5)
        p10 = at(0.1)
        p90 = at(0.9)
        minimum = sorted.first ?? 0
    }
}

func format(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let text = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    return String(repeating: " ", count: max(0, 8 - text.count)) + text
}

signal(SIGPIPE, SIG_IGN)
let options = Options(CommandLine.arguments)
var variants: [(name: String, work: (String, String) throws -> UInt64)] = []
if let path = options.floor { variants.append(("C floor (same syscalls, in-process)", floor(path))) }
variants.append(("swift-cni RouteNetlink (in-process)", swiftCNI))
variants.append(("ip commands (11 processes)", ipCommands))
let dataDirectory = "/tmp/nlbench-ipam-\(getpid())"
if let ptp = options.ptp, FileSystem.isExecutableFile(ptp) { variants.append(("Go ptp + host-local (1 ADD)", goPTP(ptp, dataDirectory: dataDirectory))) }
defer { try? FileSystem.removeTree(dataDirectory) }

// Interleaved, so drift (the kernel still tearing down earlier namespaces) hits every variant alike.
var samples = [[UInt64]](repeating: [], count: variants.count)
let warmup = 3
for iteration in 0..<(options.iterations + warmup) {
    for (index, variant) in variants.enumerated() {
        let elapsed = try withNamespaces(iteration * variants.count + index) { a, b in try variant.work(a, b) }
        if iteration >= warmup { samples[index].append(elapsed) }
    }
}

let floorMedian = options.floor == nil ? nil : Summary(samples[0]).median
print("netlink benchmark: veth pair + IPv4/IPv6 addresses + 4 routes, peer in a second namespace")
print("\(options.iterations) iterations each (after \(warmup) warm-up), fresh namespaces every time; times in ms")
print("")
print("| variant                               |   median |      p10 |      p90 |      min | vs floor |")
print("| ------------------------------------- | -------: | -------: | -------: | -------: | -------: |")
for (index, variant) in variants.enumerated() {
    let summary = Summary(samples[index])
    let ratio = floorMedian.map { format(summary.median / $0) + "x" } ?? "       -"
    let name = variant.name + String(repeating: " ", count: max(0, 37 - variant.name.count))
    print("| \(name) | \(format(summary.median)) | \(format(summary.p10)) | \(format(summary.p90)) | \(format(summary.minimum)) | \(ratio) |")
}
