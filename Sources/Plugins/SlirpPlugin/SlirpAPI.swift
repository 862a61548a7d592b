import CNISpec
import LinuxSystem

/// slirp4netns's API socket: one JSON request per connection.
struct SlirpAPI {
    let socketPath: String

    /// `add_hostfwd`: forwards `hostAddress:hostPort` on the host to the container's port.
    /// Returns the forward's ID.
    func addForward(protocol: String, hostAddress: String, hostPort: Int, guestAddress: String, guestPort: Int)
        throws(CNIError) -> Int
    {
        let reply = try call([
            "execute": "add_hostfwd",
            "arguments": [
                "proto": .string(`protocol`), "host_addr": .string(hostAddress), "host_port": .number(JSONNumber(hostPort)),
                "guest_addr": .string(guestAddress), "guest_port": .number(JSONNumber(guestPort)),
            ],
        ])
        guard let id = reply["return"]?["id"]?.numberValue?.integer(as: Int.self) else {
            throw CNIError(.internal, "slirp4netns add_hostfwd \(hostAddress):\(hostPort): \(Self.describe(reply))")
        }
        return id
    }

    /// `remove_hostfwd`.
    func removeForward(id: Int) throws(CNIError) {
        let reply = try call(["execute": "remove_hostfwd", "arguments": ["id": .number(JSONNumber(id))]])
        if reply["error"] != nil { throw CNIError(.internal, "slirp4netns remove_hostfwd \(id): \(Self.describe(reply))") }
    }

    /// `list_hostfwd`: the IDs of the forwards in place.
    func forwardIDs() throws(CNIError) -> [Int] {
        let reply = try call(["execute": "list_hostfwd"])
        // This reply, unlike the others, has no "return" wrapper.
        let entries = reply["entries"]?.arrayValue ?? reply["return"]?["entries"]?.arrayValue ?? []
        return entries.compactMap { $0["id"]?.numberValue?.integer(as: Int.self) }
    }

    private func call(_ request: JSONValue) throws(CNIError) -> JSONValue {
        do {
            let bytes = try UnixSocket.exchange(path: socketPath, request: JSONSerializer.serialize(request))
            return try JSONParser.parse(bytes)
        } catch {
            throw CNIError(.internal, "slirp4netns API \(socketPath): \(error)")
        }
    }

    private static func describe(_ reply: JSONValue) -> String {
        reply["error"]?["desc"]?.stringValue ?? JSONSerializer.string(reply)
    }
}
