/// Steps made of several messages that both the plugin's engine and the agent's container-local
/// VPP need. Each uses the newest version of a message and falls back on the first version
/// where VPP does not have the newer one (or defines it otherwise): older VPPs work too.
extension VPPClient {
    /// `newer`, or `older` when VPP does not speak the newer message (refused before sending).
    func preferring<Result>(_ newer: () throws(VPPAPIError) -> Result, else older: () throws(VPPAPIError) -> Result)
        throws(VPPAPIError) -> Result
    {
        do {
            return try newer()
        } catch {
            guard error.code == .unknownMessage || error.code == .crcMismatch else { throw error }
        }
        return try older()
    }

    /// Registers `socketFilename` and creates a memif interface on it; if the interface cannot
    /// be made, the registration is dropped again. Returns the interface and the socket ID.
    public func createMemif(socketFilename: String, settings: MemifSettings) throws(VPPAPIError)
        -> (swIfIndex: UInt32, socketID: UInt32)
    {
        let socketID = try preferring({ () throws(VPPAPIError) in
            try call(MemifSocketFilenameAddDelV2(isAdd: true, socketFilename: socketFilename)).socketID
        }, else: { () throws(VPPAPIError) in
            // The first version wants the caller to pick an unused ID.
            let used = Set(try dump(MemifSocketFilenameDump()).map(\.socketID))
            let free = (1...UInt32.max - 1).first { !used.contains($0) }!
            try call(MemifSocketFilenameAddDel(isAdd: true, socketID: free, socketFilename: socketFilename))
            return free
        })
        var settings = settings
        settings.socketID = socketID
        do {
            let index = try preferring({ () throws(VPPAPIError) in try call(MemifCreateV2(settings)).swIfIndex },
                                       else: { () throws(VPPAPIError) in try call(MemifCreate(settings)).swIfIndex })
            return (index, socketID)
        } catch {
            try? removeMemifSocket(socketID)
            throw error
        }
    }

    private func removeMemifSocket(_ socketID: UInt32) throws(VPPAPIError) {
        _ = try preferring({ () throws(VPPAPIError) in try call(MemifSocketFilenameAddDelV2(isAdd: false, socketID: socketID)).retval },
                           else: { () throws(VPPAPIError) in try call(MemifSocketFilenameAddDel(isAdd: false, socketID: socketID)).retval })
    }

    /// Creates a vhost-user interface.
    public func createVhostUser(_ settings: VhostUserSettings) throws(VPPAPIError) -> UInt32 {
        try preferring({ () throws(VPPAPIError) in try call(CreateVhostUserIfV2(settings)).swIfIndex },
                       else: { () throws(VPPAPIError) in try call(CreateVhostUserIf(settings)).swIfIndex })
    }

    /// Deletes a memif interface and drops its socket registration unless it is VPP's default
    /// (ID 0) or another memif interface still uses it.
    public func deleteMemif(swIfIndex: UInt32) throws(VPPAPIError) {
        let memifs = try dump(MemifDump())
        let socketID = memifs.first { $0.swIfIndex == swIfIndex }?.socketID
        try call(MemifDelete(swIfIndex: swIfIndex))
        if let socketID, socketID != 0, !memifs.contains(where: { $0.socketID == socketID && $0.swIfIndex != swIfIndex }) {
            try? removeMemifSocket(socketID)
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
                try preferring({ () throws(VPPAPIError) in _ = try call(BridgeDomainAddDelV2(settings, isAdd: true)) },
                               else: { () throws(VPPAPIError) in _ = try call(BridgeDomainAddDel(settings, isAdd: true)) })
            } catch {
                guard error.returnValue == -119 else { throw error }  // made meanwhile
            }
            return id
        }
        let domains = try dump(BridgeDomainDump())
        if let existing = domains.first(where: { $0.tag == tag }) { return existing.id }
        var settings = BridgeDomainSettings(id: .max)
        settings.tag = tag
        return try preferring({ () throws(VPPAPIError) in try call(BridgeDomainAddDelV2(settings, isAdd: true)).bridgeDomainID },
                              else: { () throws(VPPAPIError) in
            // The first version wants the caller to pick an unused ID.
            settings.id = (domains.map(\.id).max() ?? 0) + 1
            try call(BridgeDomainAddDel(settings, isAdd: true))
            return settings.id
        })
    }

    /// An interface's name (`memif1/0`, `VirtualEthernet0/0/0`).
    public func interfaceName(swIfIndex: UInt32) throws(VPPAPIError) -> String? {
        try dump(SwInterfaceDump(swIfIndex: swIfIndex)).first { $0.swIfIndex == swIfIndex }?.interfaceName
    }
}
