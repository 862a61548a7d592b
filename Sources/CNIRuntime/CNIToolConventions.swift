public import CNISpec

/// Conventions of Go's `cnitool` that our cnitool keeps, so both name attachments alike.
public enum CNIToolConventions {
    /// `cnitool-` and the hex of the first 10 bytes of SHA-512 of the absolute namespace path.
    public static func containerID(netnsPath: String) -> String {
        let digest = SHA512.hash(Array(netnsPath.utf8)).prefix(10)
        let hex = Array("0123456789abcdef".utf8)
        return "cnitool-" + String(decoding: digest.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 15)]] }, as: UTF8.self)
    }

    /// Parses `CNI_ARGS` as Go's cnitool does: every pair `K=V` with both sides non-empty.
    public static func parseArgs(_ text: String) throws(CNIError) -> [CNIArgs.Pair] {
        guard !text.isEmpty else { return [] }
        var pairs: [CNIArgs.Pair] = []
        for pair in text.split(separator: ";", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CNIError(.invalidEnvironment, "invalid CNI_ARGS pair \"\(pair)\"")
            }
            pairs.append(CNIArgs.Pair(key: String(parts[0]), value: String(parts[1])))
        }
        return pairs
    }
}
