/// A CNI operation, as given in `CNI_COMMAND`.
public enum CNICommand: String, CaseIterable, Sendable, CustomStringConvertible {
    case add = "ADD"
    case delete = "DEL"
    case check = "CHECK"
    case version = "VERSION"
    case garbageCollect = "GC"
    case status = "STATUS"

    /// The first specification version that defines the command.
    public var minimumVersion: CNIVersion {
        switch self {
        case .add, .delete, .version: .v0_1_0
        case .check: .v0_4_0
        case .garbageCollect, .status: .v1_1_0
        }
    }

    public var description: String { rawValue }
}
