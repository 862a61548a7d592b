/// Steps made of several messages that both the plugin's engine and the agent's container-local
/// VPP need.
extension VPPClient {
    /// Registers `socketFilename` and creates a memif interface on it; if the interface cannot
    /// be made, the registration is dropped again. Returns the interface and the socket ID.
    public func createMemif(socketFilename: String, settings: MemifSettings) throws(VPPAPIError)
        -> (swIfIndex: UInt32, socketID: UInt32)
    {
        let socketID = try call(MemifSocketFilenameAddDelV2(isAdd: true, socketFilename: socketFilename)).socketID
        var settings = settings
        settings.socketID = socketID
        do {
            return (try call(MemifCreateV2(settings)).swIfIndex, socketID)
        } catch {
            _ = try? call(MemifSocketFilenameAddDelV2(isAdd: false, socketID: socketID))
            throw error
        }
    }

    /// Deletes a memif interface and drops its socket registration unless it is VPP's default
    /// (ID 0) or another memif interface still uses it.
    public func deleteMemif(swIfIndex: UInt32) throws(VPPAPIError) {
        let memifs = try dump(MemifDump())
        let socketID = memifs.first { $0.swIfIndex == swIfIndex }?.socketID
        try call(MemifDelete(swIfIndex: swIfIndex))
        if let socketID, socketID != 0, !memifs.contains(where: { $0.socketID == socketID && $0.swIfIndex != swIfIndex }) {
            _ = try? call(MemifSocketFilenameAddDelV2(isAdd: false, socketID: socketID))
        }
    }

    /// The bridge domain with `id`, or else the one tagged `tag`, made if missing (with an ID
    /// VPP picks when none is given). A domain another client made meanwhile is taken as is.
    public func ensureBridgeDomain(id: UInt32?, tag: String) throws(VPPAPIError) -> UInt32 {
        if let id {
            guard try dump(BridgeDomainDump(id: id)).isEmpty else { return id }
            var settings = BridgeDomainSettings(id: id)
            settings.tag = tag
            do {
                try call(BridgeDomainAddDelV2(settings, isAdd: true))
            } catch {
                guard error.returnValue == -119 else { throw error }  // made meanwhile
            }
            return id
        }
        if let existing = try dump(BridgeDomainDump()).first(where: { $0.tag == tag }) { return existing.id }
        var settings = BridgeDomainSettings(id: .max)
        settings.tag = tag
        return try call(BridgeDomainAddDelV2(settings, isAdd: true)).bridgeDomainID
    }

    /// An interface's name (`memif1/0`, `VirtualEthernet0/0/0`).
    public func interfaceName(swIfIndex: UInt32) throws(VPPAPIError) -> String? {
        try dump(SwInterfaceDump(swIfIndex: swIfIndex)).first { $0.swIfIndex == swIfIndex }?.interfaceName
    }
}
