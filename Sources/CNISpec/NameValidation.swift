/// The spec's rules for names and identifiers, with Go's error codes and messages.
public enum NameValidation {
    /// A container ID: non-empty, starting with an alphanumeric, then alphanumerics, `_`, `.`, `-`.
    public static func validateContainerID(_ id: String) throws(CNIError) {
        if id.isEmpty { throw CNIError(.unknownContainer, "missing containerID") }
        if !isValidName(id) {
            throw CNIError(.invalidEnvironment, "invalid characters in containerID", details: id)
        }
    }

    /// A network name: the same character rules as a container ID.
    public static func validateNetworkName(_ name: String) throws(CNIError) {
        if name.isEmpty { throw CNIError(.invalidNetworkConfig, "missing network name") }
        if !isValidName(name) {
            throw CNIError(.invalidNetworkConfig, "invalid characters found in network name", details: name)
        }
    }

    /// An interface name: 1 to 15 bytes, not `.` or `..`, without `/`, `:` or whitespace.
    public static func validateInterfaceName(_ name: String) throws(CNIError) {
        if name.isEmpty { throw CNIError(.invalidEnvironment, "interface name is empty") }
        if name.utf8.count > 15 {
            throw CNIError(
                .invalidEnvironment, "interface name is too long",
                details: "interface name should be less than 16 characters")
        }
        if name == "." || name == ".." { throw CNIError(.invalidEnvironment, "interface name is . or ..") }
        for scalar in name.unicodeScalars where scalar == "/" || scalar == ":" || scalar.properties.isWhitespace {
            throw CNIError(.invalidEnvironment, "interface name contains / or : or whitespace characters")
        }
    }

    /// Whether a string matches `^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$`.
    public static func isValidName(_ text: String) -> Bool {
        var first = true
        for byte in text.utf8 {
            let alphanumeric = (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 122)
            if first {
                guard alphanumeric else { return false }
                first = false
            } else if !(alphanumeric || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")) {
                return false
            }
        }
        return !first
    }
}
