import CNISkel
import CNISpec
import LinuxSystem
import NetAddress
import NetNS
import PluginExec
import PluginKit

/// One attachment's user-mode network process: starting it (with its port forwards), checking
/// it, and stopping it.
struct SlirpSession {
    let config: SlirpConfig
    let request: PluginRequest
    let directory: String
    let namespace: NetworkNamespace

    /// Starts the backend for the container's namespace and adds the port forwards; on any
    /// failure, stops what was started and removes its files.
    func start(mappings: [PortMapping]) throws(CNIError) -> SlirpState {
        let binary = try Self.binary(for: config.backend, environment: request.environment)
        do {
            try FileSystem.createDirectory(directory, mode: 0o700)
        } catch {
            throw CNIError(.ioFailure, "create state directory \(directory): \(error)")
        }
        var generator = SystemRandomNumberGenerator()
        let mac = MACAddress.random(using: &generator)
        let base = "\(directory)/\(request.containerID)-\(request.interfaceName)"
        let log = base + ".log"
        var state = SlirpState(
            containerID: request.containerID, interfaceName: request.interfaceName, netns: request.netns,
            backend: config.backend.rawValue, pid: 0, startTime: 0, apiSocket: nil, logFile: log, mac: mac.description,
            forwardIDs: [], portMappings: mappings)
        let launched: SlirpLauncher.Launched
        do {
            launched = try launch(binary: binary, mac: mac, base: base, log: log, mappings: mappings, state: &state)
        } catch {
            Self.stop(state)  // nothing is running; this removes the socket and log
            throw error
        }

        state.pid = launched.pid
        state.startTime = launched.startTime
        if config.backend == .slirp4netns, let socket = state.apiSocket {
            let api = SlirpAPI(socketPath: socket)
            do {
                for mapping in mappings {
                    state.forwardIDs.append(try api.addForward(
                        protocol: mapping.protocol.isEmpty ? "tcp" : mapping.protocol.lowercased(),
                        hostAddress: mapping.hostIP.isEmpty ? "127.0.0.1" : mapping.hostIP, hostPort: mapping.hostPort,
                        guestAddress: config.containerAddress.address.description, guestPort: mapping.containerPort))
                }
            } catch {
                Self.stop(state)
                throw error
            }
        }
        return state
    }

    /// Starts the configured backend and waits until it has configured the namespace.
    private func launch(binary: String, mac: MACAddress, base: String, log: String, mappings: [PortMapping],
                        state: inout SlirpState) throws(CNIError) -> SlirpLauncher.Launched
    {
        switch config.backend {
        case .slirp4netns:
            // A Unix socket path must fit in 108 bytes, and container IDs are often 64 characters:
            // the socket is named by a hash of the attachment instead.
            let socket = "\(directory)/\(SlirpState.shortName(containerID: request.containerID, interfaceName: request.interfaceName)).sock"
            guard socket.utf8.count < 108 else {
                throw CNIError(.invalidNetworkConfig, "\"stateDir\" \(directory) is too long for the API socket path (\(socket.utf8.count) of 107 bytes)")
            }
            try? FileSystem.removeFile(socket)
            state.apiSocket = socket
            return try SlirpLauncher.startSlirp4netns(
                binary: binary, arguments: slirp4netnsArguments(mac: mac, socket: socket),
                environment: request.environment, log: log)
        case .pasta:
            let expected = config.containerAddress
            let interfaceName = request.interfaceName
            return try SlirpLauncher.startPasta(
                binary: binary, arguments: pastaArguments(mac: mac, mappings: mappings),
                environment: request.environment, log: log, namespaceDescriptor: namespace.descriptor.rawValue
            ) {
                let snapshot = try? namespace.perform { try InterfaceQuery.snapshot(of: interfaceName) }
                return snapshot?.addresses.contains(expected) == true
            }
        }
    }

    /// Stops the process ADD started (only that one: the start time must match) and removes
    /// its socket and log. Forwards end with the process.
    func stop(_ state: SlirpState) { Self.stop(state) }

    static func stop(_ state: SlirpState) {
        if state.pid > 0 { ProcessTable.terminate(state.pid, startTime: state.startTime) }
        if let socket = state.apiSocket { try? FileSystem.removeFile(socket) }
        try? FileSystem.removeFile(state.logFile)
    }

    /// CHECK: the process is the one ADD started and alive, the namespace's interface carries
    /// the address and MAC ADD reported, and slirp4netns still has the forwards.
    static func check(_ state: SlirpState, config: SlirpConfig) throws(CNIError) {
        guard ProcessTable.isRunning(state.pid, startTime: state.startTime) else {
            throw CNIError(.internal, "\(state.backend) for container \(state.containerID) (pid \(state.pid)) is not running")
        }
        let namespace: NetworkNamespace
        do {
            namespace = try NetworkNamespace.open(state.netns)
        } catch {
            throw CNIError(.internal, "CNI_NETNS: \(error)")
        }
        let snapshot: InterfaceQuery.Snapshot?
        do {
            snapshot = try namespace.perform { try InterfaceQuery.snapshot(of: state.interfaceName) }
        } catch {
            throw CNIError(.internal, "inspect \(state.interfaceName) in \(state.netns): \(error)")
        }
        guard let snapshot else {
            throw CNIError(.internal, "interface \(state.interfaceName) is missing from \(state.netns)")
        }
        guard snapshot.addresses.contains(config.containerAddress) else {
            throw CNIError(.internal, "interface \(state.interfaceName) lacks address \(config.containerAddress)")
        }
        guard snapshot.mac?.description == state.mac else {
            throw CNIError(.internal, "interface \(state.interfaceName) has MAC \(snapshot.mac?.description ?? "none"), expected \(state.mac)")
        }
        if let socket = state.apiSocket {
            let present = Set(try SlirpAPI(socketPath: socket).forwardIDs())
            let missing = state.forwardIDs.filter { !present.contains($0) }
            if !missing.isEmpty { throw CNIError(.internal, "slirp4netns port forwards \(missing) are missing") }
        }
    }

    /// The backend binary: `$SLIRP4NETNS` or `$PASTA`, else the first on `PATH`.
    static func binary(for backend: SlirpConfig.Backend, environment: [String]) throws(CNIError) -> String {
        let variable = backend == .slirp4netns ? "SLIRP4NETNS" : "PASTA"
        if let explicit = environmentValue(environment, variable), !explicit.isEmpty {
            guard FileSystem.isExecutableFile(explicit) else {
                throw CNIError(.pluginNotAvailable, "\(variable)=\(explicit) is not an executable file")
            }
            return explicit
        }
        let searchPath = environmentValue(environment, "PATH") ?? "/usr/local/bin:/usr/bin:/bin"
        guard let found = ProcessRunner.resolve(backend.rawValue, searchPath: searchPath) else {
            throw CNIError(.pluginNotAvailable,
                           "\(backend.rawValue) not found: set \(variable) or install it (Debian: \(backend == .slirp4netns ? "slirp4netns" : "passt"))")
        }
        return found
    }

    private func slirp4netnsArguments(mac: MACAddress, socket: String) -> [String] {
        var arguments = [
            "--configure", "--mtu=\(config.mtu)", "--ready-fd=3", "--api-socket=\(socket)", "--netns-type=path",
            "--macaddress=\(mac)", "--cidr=\(config.network)",
        ]
        if config.enableIPv6 { arguments.append("--enable-ipv6") }
        if config.disableHostLoopback { arguments.append("--disable-host-loopback") }
        if config.enableSandbox { arguments.append("--enable-sandbox") }
        if config.enableSeccomp { arguments.append("--enable-seccomp") }
        if config.disableDNS { arguments.append("--disable-dns") }
        if let outbound = config.outboundAddress { arguments.append("--outbound-addr=\(outbound)") }
        return arguments + [request.netns, request.interfaceName]
    }

    private func pastaArguments(mac: MACAddress, mappings: [PortMapping]) -> [String] {
        func forwards(_ proto: String) -> String {
            let specs = mappings.filter { ($0.protocol.isEmpty ? "tcp" : $0.protocol.lowercased()) == proto }.map {
                "\($0.hostIP.isEmpty ? "127.0.0.1" : $0.hostIP)/\($0.hostPort):\($0.containerPort)"
            }
            return specs.isEmpty ? "none" : specs.joined(separator: ",")
        }
        var arguments = [
            // As root, pasta would otherwise switch to "nobody" and lose access to the namespace.
            "--runas", "\(getuidSafe())",
            "--config-net", "--netns", "/proc/self/fd/3", "-I", request.interfaceName, "--mtu", "\(config.mtu)",
            "-a", config.containerAddress.address.description, "-n", "\(config.network.prefixLength)",
            "-g", config.gateway.description, "--ns-mac-addr", mac.description, "--foreground",
            "-t", forwards("tcp"), "-u", forwards("udp"), "-T", "none", "-U", "none",
        ]
        if config.enableIPv6 {
            arguments += ["-a", SlirpConfig.ipv6Container.address.description, "-g", SlirpConfig.ipv6Gateway.description]
        } else {
            arguments.append("-4")
        }
        if config.disableHostLoopback { arguments.append("--no-map-gw") }
        if !config.disableDNS { arguments += ["--dns-forward", config.dnsServer.description] }
        if let outbound = config.outboundAddress { arguments += ["-o", outbound.description] }
        return arguments
    }
}
