/// cnitool's own command-line parsing: subcommands, `--long`/`-s` options and flags, positional
/// arguments, and everything after `--` passed through.
///
/// Why not swift-argument-parser: cnitool sits on the critical path of every attachment a
/// script makes, and the reflection ArgumentParser does to discover a command's properties cost
/// two thirds of cnitool's instructions for an `add` (measured with callgrind; see
/// docs/decisions/0014-cnitool-without-argument-parser.md). Our grammar is small and fixed.

/// An option or flag of a command.
struct OptionSyntax: Sendable {
    /// The long name, without `--`.
    let long: String
    /// The short name, without `-`.
    var short: Character?
    /// The value's name in help (`--ifname NAME`); `nil` for a flag.
    var valueName: String?
    let help: String
}

extension OptionSyntax {
    /// `--ifname`/`-i`, shared by the commands that attach an interface.
    static let interfaceName = OptionSyntax(
        long: "ifname", short: "i", valueName: "NAME", help: "Interface name (default: $CNI_IFNAME or eth0).")
}

/// A positional argument of a command.
struct PositionalSyntax: Sendable {
    let name: String
    var optional = false
    let help: String
}

/// A command: what it accepts, its help, and what it does.
struct CommandSyntax: Sendable {
    let name: String
    let abstract: String
    var options: [OptionSyntax] = []
    var positionals: [PositionalSyntax] = []
    /// Arguments after `--` (or after the positionals) go to `ParsedCommandLine.passthrough`.
    var passthroughName: String?
    var discussion: String?
    /// Commands under this one (`cnitool netns add`); a command with subcommands has no `run`.
    var subcommands: [CommandSyntax] = []
    var run: (@Sendable (ParsedCommandLine) throws -> Void)?
}

/// The arguments of one command, parsed.
///
/// Options and flags are kept in arrays, not a dictionary and a set: there are a handful, and a
/// dictionary's first use costs a search of the runtime's conformance tables (decision 0014).
struct ParsedCommandLine {
    /// Options given, in order; a repeated option's last value wins.
    var values: [(name: String, value: String)] = []
    var flags: [String] = []
    var positionals: [String] = []
    var passthrough: [String] = []

    /// The value of option `long`, if given.
    func option(_ long: String) -> String? { values.last { $0.name == long }?.value }
    /// Whether flag `long` was given.
    func flag(_ long: String) -> Bool { flags.contains(long) }
    /// Positional argument `index`, if given.
    func positional(_ index: Int) -> String? { index < positionals.count ? positionals[index] : nil }
}

/// A mistake in the command line: reported with the command's usage, exit status 64 (EX_USAGE).
struct UsageError: Error {
    let message: String
    /// The usage line of the command at fault, or of the tool.
    let usage: String
}

/// Asked for help: printed on stdout, exit status 0.
struct HelpRequest: Error {
    let text: String
}

/// A command's own exit status (`cnitool exec` returns its command's).
struct ExitStatus: Error {
    let code: Int32
}

extension CommandSyntax {
    /// Finds the command the arguments name (descending into subcommands) and runs it.
    func dispatch(_ arguments: ArraySlice<String>, prefix: String) throws {
        guard !subcommands.isEmpty else {
            try run?(try parse(arguments, prefix: prefix))
            return
        }
        let path = self.path(prefix: prefix)
        guard let first = arguments.first else { throw UsageError(message: "a command is required", usage: usage(prefix: prefix)) }
        if first == "-h" || first == "--help" || first == "help" { throw HelpRequest(text: help(prefix: prefix)) }
        guard let command = subcommands.first(where: { $0.name == first }) else {
            throw UsageError(message: "unknown command '\(first)'", usage: usage(prefix: prefix))
        }
        try command.dispatch(arguments.dropFirst(), prefix: path)
    }

    /// Parses this command's arguments (those after its name); `prefix` is the words before it.
    func parse(_ arguments: ArraySlice<String>, prefix: String) throws -> ParsedCommandLine {
        var parsed = ParsedCommandLine()
        var remaining = arguments
        while let argument = remaining.popFirst() {
            if argument == "--" {
                guard passthroughName != nil else { throw UsageError(message: "unexpected '--'", usage: usage(prefix: prefix)) }
                parsed.passthrough = Array(remaining)
                break
            }
            if argument == "-h" || argument == "--help" { throw HelpRequest(text: help(prefix: prefix)) }
            if argument.hasPrefix("-"), argument.count > 1 {
                try parseOption(argument, from: &remaining, into: &parsed, prefix: prefix)
                continue
            }
            if parsed.positionals.count < positionals.count {
                parsed.positionals.append(argument)
            } else if passthroughName != nil {
                // The command starts here; what follows is its own, options included.
                parsed.passthrough = [argument] + remaining
                break
            } else {
                throw UsageError(message: "unexpected argument '\(argument)'", usage: usage(prefix: prefix))
            }
        }
        if let missing = positionals.dropFirst(parsed.positionals.count).first(where: { !$0.optional }) {
            throw UsageError(message: "missing \(missing.name)", usage: usage(prefix: prefix))
        }
        return parsed
    }

    private func parseOption(_ argument: String, from remaining: inout ArraySlice<String>,
                             into parsed: inout ParsedCommandLine, prefix: String) throws {
        var name = argument
        var inlineValue: String?
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            name = String(argument[..<equals])
            inlineValue = String(argument[argument.index(after: equals)...])
        }
        let option: OptionSyntax?
        if name.hasPrefix("--") {
            option = options.first { "--\($0.long)" == name }
        } else {
            option = name.count == 2 ? options.first { $0.short == name.last } : nil
        }
        guard let option else { throw UsageError(message: "unknown option '\(name)'", usage: usage(prefix: prefix)) }
        guard option.valueName != nil else {
            if inlineValue != nil { throw UsageError(message: "\(name) takes no value", usage: usage(prefix: prefix)) }
            parsed.flags.append(option.long)
            return
        }
        guard let value = inlineValue ?? remaining.popFirst() else {
            throw UsageError(message: "\(name) needs a value", usage: usage(prefix: prefix))
        }
        parsed.values.append((option.long, value))
    }

    /// The command's words: `cnitool netns add` for `add` under `prefix` "cnitool netns".
    func path(prefix: String) -> String { prefix.isEmpty ? name : "\(prefix) \(name)" }

    /// The usage line: `cnitool add [--ifname NAME] NETWORK NETNS`.
    func usage(prefix: String) -> String {
        let path = self.path(prefix: prefix)
        if !subcommands.isEmpty { return "\(path) COMMAND [ARGUMENTS]" }
        var parts = [path]
        for option in options {
            parts.append("[--\(option.long)\(option.valueName.map { " \($0)" } ?? "")]")
        }
        for positional in positionals {
            parts.append(positional.optional ? "[\(positional.name)]" : positional.name)
        }
        if let passthroughName { parts.append("[--] \(passthroughName)") }
        return parts.joined(separator: " ")
    }

    /// The text of `cnitool COMMAND --help`.
    func help(prefix: String) -> String {
        var text = "\(abstract)\n\nUsage: \(usage(prefix: prefix))\n"
        if let discussion { text += "\n\(discussion)\n" }
        if !subcommands.isEmpty {
            text += "\nCommands:\n"
            for command in subcommands { text += HelpTable.row(command.name, command.abstract) }
        }
        if !positionals.isEmpty {
            text += "\nArguments:\n"
            for positional in positionals { text += HelpTable.row(positional.name, positional.help) }
        }
        if !options.isEmpty {
            text += "\nOptions:\n"
            for option in options {
                let short = option.short.map { "-\($0), " } ?? ""
                text += HelpTable.row("\(short)--\(option.long)\(option.valueName.map { " \($0)" } ?? "")", option.help)
            }
        }
        return text
    }
}

/// Two-column help rows.
enum HelpTable {
    static func row(_ left: String, _ right: String) -> String {
        let pad = max(1, 24 - left.count)
        return "  \(left)\(String(repeating: " ", count: pad))\(right)\n"
    }
}
