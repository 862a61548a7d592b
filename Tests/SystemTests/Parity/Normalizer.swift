import CNISpec

/// What differs between two attachments by nature, replaced by placeholders.
struct Normalizer {
    let host: String
    let netns: String

    func result(_ value: JSONValue, succeeded: Bool) -> JSONValue {
        guard succeeded else {
            // Failures compare by code only: messages are ours to improve.
            return ["failed": .number(value["code"]?.numberValue ?? JSONNumber(0))]
        }
        return normalize(value)
    }

    func normalize(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var copy = JSONObject()
            for member in object.members.sorted(by: { $0.key < $1.key }) {
                switch (member.key, member.value) {
                case ("mac", _): copy[member.key] = "MAC"
                case ("sandbox", .string(let path)): copy[member.key] = .string(path == netns ? "NETNS" : path)
                case ("name", .string(let name)) where name.hasPrefix("veth"): copy[member.key] = "VETH"
                case ("name", .string(let name)) where name == host: copy[member.key] = "HOST"
                // A bridge's VLAN gateway interface, `<bridge>.<vlan>`.
                case ("name", .string(let name)) where name.hasPrefix(host + "."):
                    copy[member.key] = .string("HOST" + name.dropFirst(host.count))
                default: copy[member.key] = normalize(member.value)
                }
            }
            return .object(copy)
        case .array(let elements):
            return .array(elements.map(normalize))
        default:
            return value
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        guard !target.isEmpty, count >= target.count else { return nil }
        var index = startIndex
        while let end = self.index(index, offsetBy: target.count, limitedBy: endIndex) {
            if self[index..<end] == target { return index..<end }
            if index == endIndex { break }
            index = self.index(after: index)
        }
        return nil
    }
}
