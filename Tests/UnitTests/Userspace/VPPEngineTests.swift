import CNISpec
import Testing
@testable import UserspacePlugin

/// The VPP engine without a VPP: what a runtime sees when VPP is not there.
@Suite struct VPPEngineTests {
    static func engine(socket: String) throws -> VPPEngine {
        VPPEngine(config: try UserspaceConfigTests.config(
            #""host":{"engine":"vpp","iftype":"memif","netType":"bridge"},"sharedDir":"/tmp/vp-unit-shared","dataDir":"/tmp/vp-unit-data","vppApiSocket":"\#(socket)""#))
    }

    @Test func noVPPIsATryAgainErrorNamingTheSocketAndThereIsNothingToRemove() throws {
        let engine = try Self.engine(socket: "/tmp/vp-unit-no-vpp.sock")
        let paths = AttachmentPaths(containerID: "0123456789abcdef", interfaceName: "net1", config: engine.config)
        let request = PortRequest(paths: paths, config: engine.config, groupID: nil)
        #expect {
            _ = try engine.addPort(request) { _ in }
        } throws: { error in
            guard let error = error as? CNIError else { return false }
            return error.code == .tryAgainLater && error.message.contains("/tmp/vp-unit-no-vpp.sock")
                && error.message.contains("is VPP running?")
        }
        #expect(throws: Never.self) { try engine.removePort(paths) }
        #expect(try engine.attachments(ofNetwork: "n").isEmpty)
        #expect(throws: CNIError.self) { try engine.checkAvailable() }
        #expect(throws: CNIError.self) { try engine.checkPort(paths) }
    }
}
