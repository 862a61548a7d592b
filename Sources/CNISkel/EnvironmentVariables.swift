import CNISpec
import PluginExec

/// The `CNI_*` variables, checked against what the command requires (the spec's per-command
/// lists): a missing one is code 4 naming every missing variable, a malformed one code 4 naming it.
struct EnvironmentVariables {
    var containerID = ""
    var netns = ""
    var interfaceName = ""
    var args = ""
    var path: [String] = []
    var netnsOverride = false

    init(_ environment: [String], command: CNICommand) throws(CNIError) {
        func value(_ key: String) -> String { environmentValue(environment, key) ?? "" }
        let required: [String]
        switch command {
        case .add, .check: required = ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH"]
        case .delete: required = ["CNI_CONTAINERID", "CNI_IFNAME", "CNI_PATH"]
        case .garbageCollect, .status: required = ["CNI_PATH"]
        case .version: required = []
        }
        let missing = required.filter { value($0).isEmpty }
        if !missing.isEmpty {
            throw CNIError(.invalidEnvironment, "required env variables [\(missing.joined(separator: ","))] missing")
        }
        containerID = value("CNI_CONTAINERID")
        netns = value("CNI_NETNS")
        interfaceName = value("CNI_IFNAME")
        args = value("CNI_ARGS")
        path = value("CNI_PATH").split(separator: ":").map(String.init)
        let override = value("CNI_NETNS_OVERRIDE")
        netnsOverride = override == "1" || override.uppercased() == "TRUE"
        if required.contains("CNI_CONTAINERID") {
            do {
                try NameValidation.validateContainerID(containerID)
            } catch {
                throw CNIError(.invalidEnvironment, "CNI_CONTAINERID: \(error.message)", details: error.details)
            }
        }
        if required.contains("CNI_IFNAME") {
            do {
                try NameValidation.validateInterfaceName(interfaceName)
            } catch {
                throw CNIError(.invalidEnvironment, "CNI_IFNAME: \(error.message)", details: error.details)
            }
        }
    }
}
