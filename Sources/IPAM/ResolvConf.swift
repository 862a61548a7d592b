public import CNISpec
import LinuxSystem

/// Reads DNS settings from a resolv.conf file, as host-local's `resolvConf` option does.
public enum ResolvConf {
    /// The settings in the file at `path`.
    public static func load(_ path: String) throws -> DNS {
        parse(String(decoding: try FileSystem.readFile(path, limit: 1 << 20), as: UTF8.self))
    }

    /// The settings in resolv.conf text: `nameserver` lines (in order), the last `domain`, and
    /// every `search` and `options` word. Comments (`#`, `;`) and short lines are skipped.
    public static func parse(_ text: String) -> DNS {
        var dns = DNS()
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine).trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            let fields = line.unicodeScalars.split(whereSeparator: { String.isSpace($0) }).map { String($0) }
            guard fields.count >= 2 else { continue }
            switch fields[0] {
            case "nameserver": dns.nameservers.append(fields[1])
            case "domain": dns.domain = fields[1]
            case "search": dns.search += fields[1...]
            case "options": dns.options += fields[1...]
            default: break
            }
        }
        return dns
    }
}
