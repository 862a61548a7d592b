import ArgumentParser
import CNISpec
import LinuxSystem
import UserspaceAgent
import UserspacePlugin
#if canImport(Glibc)
import Glibc
#endif

/// `usrsp-app`: the container side of the `userspace` plugin. Reads the configuration the
/// plugin handed over and starts the DPDK application on the interface (or, for `netType`
/// `bridge`, a container-local OVS-DPDK with the matching port).
@main
struct UsrspApp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usrsp-app",
        abstract: "Start a DPDK application on the vhost-user or memif interface the userspace plugin gave this container.",
        discussion: """
            Without --config, the configuration is read from the data directory \
            (\(ContainerConfiguration.containerDataDirectory)): configData-IFNAME.json for --interface, else the only \
            configData-*.json there. Arguments after -- go to the application; its standard input and output are ours.
            """)

    @Option(help: "The configuration file (default: the data directory's).")
    var config: String?

    @Option(help: "The data directory, as mounted in the container.")
    var dataDir: String = ContainerConfiguration.containerDataDirectory

    @Option(name: .customLong("interface"), help: "The interface whose configuration to use.")
    var interfaceName: String?

    @Option(help: "Seconds to wait for the configuration to appear.")
    var timeout: Double = 30

    @Option(help: "The DPDK application.")
    var app: String = "dpdk-testpmd"

    @Option(help: "EAL memory: auto (hugepages if enough are free), hugepages or no-huge.")
    var memory: String = DPDKCommand.Memory.auto.rawValue

    @Option(help: "EAL memory in MB.")
    var memoryMB: Int = 256

    @Option(name: .customLong("eal"), parsing: .unconditionalSingleValue, help: "An extra EAL argument (repeatable), such as --lcores=0@1,1@1.")
    var extraEAL: [String] = []

    @Option(help: "Where the socket is, if not at the configured path.")
    var socketDir: String?

    @Option(help: "What to run: app (the DPDK application), ovs (a container-local OVS-DPDK) or vpp (a container-local VPP); default: app, or for config.netType bridge the container engine's switch.")
    var mode: String?

    @Option(help: "The container-local OVS's run directory (mode ovs).")
    var ovsDir: String = "/var/run/usrsp-app/ovs"

    @Option(help: "The CPU of the container-local OVS's PMD thread (mode ovs; default: the first CPU we may use).")
    var pmdCPU: Int?

    @Option(help: "The container-local VPP's run directory (mode vpp).")
    var vppDir: String = "/var/run/usrsp-app/vpp"

    @Option(help: "The VPP binary (mode vpp).")
    var vpp: String = "vpp"

    @Flag(help: "Print the command line instead of running it.")
    var dryRun = false

    @Argument(parsing: .postTerminator, help: "Arguments for the application (after --).")
    var applicationArguments: [String] = []

    static func main() {
        // Before any thread exists: the signals we pass on to the application must be blocked
        // in every thread, so that we receive them here and the application ends first.
        SignalForwarding.blockInThisThread()
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    func run() throws {
        guard let memory = DPDKCommand.Memory(rawValue: memory) else {
            throw ValidationError("--memory \(memory): must be auto, hugepages or no-huge")
        }
        let environment = ProcessEnvironment.current
        let loaded: (path: String, configuration: ContainerConfiguration)
        do {
            loaded = try ConfigurationSource.load(explicit: config, dataDirectory: dataDir, interfaceName: interfaceName,
                                                  timeout: timeout)
        } catch {
            throw AgentFailure(error.description)
        }
        let bridged = loaded.configuration.config.netType == "bridge"
        let mode = mode ?? (bridged ? (loaded.configuration.config.engine == "vpp" ? "vpp" : "ovs") : "app")
        switch mode {
        case "app":
            try runApplication(loaded.configuration, memory: memory, environment: environment)
        case "ovs":
            try runContainerOVS(loaded.configuration, memory: memory, environment: environment)
        case "vpp":
            try runContainerVPP(loaded.configuration, environment: environment)
        default:
            throw ValidationError("--mode \(mode): must be app, ovs or vpp")
        }
    }

    private func runApplication(_ configuration: ContainerConfiguration, memory: DPDKCommand.Memory,
                                environment: [String]) throws {
        let command: DPDKCommand
        do {
            command = try DPDKCommand(configuration: configuration, options: .init(
                application: app, memory: memory, memoryMegabytes: memoryMB, extraEAL: extraEAL,
                applicationArguments: applicationArguments, socketDirectory: socketDir,
                cpu: ApplicationRunner.firstAllowedCPU(), freeHugepages: ApplicationRunner.freeHugepages()))
        } catch {
            throw AgentFailure(error.description)
        }
        if dryRun {
            print(([command.executable] + command.arguments).joined(separator: " "))
            return
        }
        let termination: ProcessRunner.Termination
        do {
            termination = try ApplicationRunner.run(command, environment: environment)
        } catch {
            throw AgentFailure(error.description)
        }
        switch termination {
        case .exited(let status): if status != 0 { throw ExitCode(status) }
        case .signaled(let signal): throw ExitCode(128 + signal)
        case .timedOut: throw ExitCode(124)
        }
    }

    private func runContainerOVS(_ configuration: ContainerConfiguration, memory: DPDKCommand.Memory,
                                 environment: [String]) throws {
        let cpu = ApplicationRunner.firstAllowedCPU()
        let options = ContainerOVS.Options(
            directory: ovsDir, memory: memory, memoryMegabytes: memoryMB, cpu: cpu, pmdCPU: pmdCPU ?? cpu,
            freeHugepages: ApplicationRunner.freeHugepages(), socketDirectory: socketDir)
        if dryRun {
            print("ovs-vswitchd-dpdk in \(ovsDir): bridge \(configuration.config.bridge?.bridgeName ?? "br0"), port " +
                  "\(configuration.ifName) on \(DPDKCommand.socketPath(configuration, directory: socketDir))")
            return
        }
        do {
            try ContainerOVS(configuration: configuration, options: options, environment: environment).run()
        } catch {
            throw AgentFailure(error.description)
        }
    }
}

extension UsrspApp {
    private func runContainerVPP(_ configuration: ContainerConfiguration, environment: [String]) throws {
        let options = ContainerVPP.Options(directory: vppDir, binary: vpp, cpu: ApplicationRunner.firstAllowedCPU(),
                                           socketDirectory: socketDir)
        let vppSetup = ContainerVPP(configuration: configuration, options: options, environment: environment)
        if dryRun {
            print(vppSetup.startupConfiguration, terminator: "")
            return
        }
        do {
            try vppSetup.run()
        } catch {
            throw AgentFailure(error.description)
        }
    }
}

/// A failure reported as `usrsp-app: MESSAGE` with exit status 1.
struct AgentFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
