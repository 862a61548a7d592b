import CNISpec
import OVSDB
import TestSupport
import Testing

/// The wire form of OVSDB requests, compared with golden JSON written by hand from RFC 7047 and
/// checked against a real ovsdb-server (DATAPLANE.md §4).
@Suite struct OVSDBEncodingTests {
    static let vhostPort = VSwitchTransactions.PortSpec(
        bridge: "br0", name: "0123456789ab-net1", type: "dpdkvhostuserclient",
        options: ["vhost-server-path": "/var/lib/cni/usrspcni/shared/0123456789ab/0123456789ab-net1"],
        externalIDs: ["cni-container-id": "0123456789abcdef", "cni-ifname": "net1"])

    static func golden(_ name: String) throws -> JSONValue { try Fixtures.json("ovsdb/\(name).json") }

    static func transaction(_ operations: [OVSDBOperation]) -> JSONValue {
        .array(["Open_vSwitch"] + operations.map(\.jsonValue))
    }

    @Test func addPortToAnExistingBridgeIsOneTransactionWithABridgePrecondition() throws {
        #expect(Self.transaction(VSwitchTransactions.addPort(Self.vhostPort)) == (try Self.golden("add-port")))
    }

    @Test func addBridgeAndPortInsertsTheBridgeItsInternalPortAndOurs() throws {
        #expect(Self.transaction(VSwitchTransactions.addBridgeAndPort(Self.vhostPort)) == (try Self.golden("add-bridge-and-port")))
    }

    @Test func removePortDetachesItByUUIDAndBumpsTheConfiguration() throws {
        let operations = VSwitchTransactions.removePort(uuid: "7eb8c2a4-0000-4000-8000-000000000001", name: "0123456789ab-net1")
        #expect(Self.transaction(operations) == (try Self.golden("remove-port")))
    }

    @Test func accessVLANBecomesThePortTag() {
        var port = Self.vhostPort
        port.tag = 100
        let insertPort = VSwitchTransactions.addPort(port)[2].jsonValue
        #expect(insertPort["table"] == "Port" && insertPort["row"]?["tag"] == 100)
    }

    @Test func datumHelpersReadWhatTheServerWrites() {
        #expect(OVSDBDatum.uuidValue(["uuid", "abc"]) == "abc")
        #expect(OVSDBDatum.uuidValue(["named-uuid", "abc"]) == nil)
        #expect(OVSDBDatum.setElements(["set", [1, 2]]) == [1, 2])
        #expect(OVSDBDatum.setElements("bare") == ["bare"])
        #expect(OVSDBDatum.stringMap(["map", [["a", "1"], ["b", "2"]]]) == ["a": "1", "b": "2"])
        #expect(OVSDBDatum.optionalInteger(["set", []]) == nil && OVSDBDatum.optionalInteger(7) == 7)
        #expect(OVSDBDatum.optionalString(["set", []]) == nil && OVSDBDatum.optionalString("boom") == "boom")
        #expect(OVSDBDatum.map(["b": "2", "a": "1"]) == ["map", [["a", "1"], ["b", "2"]]])
    }

    @Test func everyResultElementIsCheckedIncludingTheTrailingCommitError() throws {
        let operations = VSwitchTransactions.addPort(Self.vhostPort)
        let answer = try Self.golden("constraint-violation-answer")
        do {
            _ = try OVSDBClient.checkTransactionResult(answer, operations: operations)
            Issue.record("a constraint violation passed")
        } catch {
            #expect(error.code == .transactionFailed)
            #expect(error.message.hasPrefix("commit: constraint violation: Transaction causes multiple rows"), "\(error)")
        }
    }

    @Test func aFailedOperationIsNamedWithItsRow() throws {
        let operations = VSwitchTransactions.addPort(Self.vhostPort)
        let answer: JSONValue = [["error": "timed out", "details": "\"wait\" timed out"]]
        do {
            _ = try OVSDBClient.checkTransactionResult(answer, operations: operations)
            Issue.record("a failed wait passed")
        } catch {
            #expect(error.message == "wait Bridge where name == br0: timed out: \"wait\" timed out", "\(error)")
        }
    }

    @Test func aSuccessfulAnswerGivesOneResultPerOperation() throws {
        let operations = VSwitchTransactions.addPort(Self.vhostPort)
        let answer = try Self.golden("add-port-answer")
        let results = try OVSDBClient.checkTransactionResult(answer, operations: operations)
        #expect(results.count == operations.count)
        #expect(results[5]["rows"] == [["next_cfg": 8]])
    }
}

@Suite struct JSONStreamSplitterTests {
    @Test func messagesSplitAcrossReadsAndJoinedInOneReadAreSeparated() throws {
        var splitter = JSONStreamSplitter()
        let stream = #"{"id":0,"result":["a}b","c\"{"],"error":null}  {"method":"echo","params":[],"id":"echo"}{"id":1}"#
        var texts: [String] = []
        for chunk in Array(stream.utf8).chunked(into: 7) {
            splitter.append(chunk)
            while let text = try splitter.next() { texts.append(String(decoding: text, as: UTF8.self)) }
        }
        #expect(texts == [#"{"id":0,"result":["a}b","c\"{"],"error":null}"#, #"{"method":"echo","params":[],"id":"echo"}"#, #"{"id":1}"#])
        #expect(splitter.pendingByteCount == 0)
    }

    @Test func garbageBetweenMessagesIsAProtocolError() {
        var splitter = JSONStreamSplitter()
        splitter.append(Array(#"{"id":0} x"#.utf8))
        #expect(throws: OVSDBError.self) {
            while try splitter.next() != nil {}
        }
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
