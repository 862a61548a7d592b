import CNISpec
import OVSDB
import Testing

/// The client's JSON-RPC behaviour against a scripted server: echo keep-alives, fragmented
/// answers, reconnects, timeouts.
@Suite struct OVSDBClientTests {
    static let select: [OVSDBOperation] = [.select(table: "Bridge", where: [], columns: ["name"])]

    @Test func theServersEchoIsAnsweredWhileWaitingAndFragmentedAnswersAreJoined() throws {
        let server = try FakeOVSDBServer(handlers: [{ peer in
            peer.send(#"{"method":"echo","params":["keepalive"],"id":"e1"}"#)
            let request = peer.receive()
            let echoReply = request?["method"] == nil ? request : peer.receive()
            guard echoReply == ["id": "e1", "result": ["keepalive"], "error": .null] else { return }
            let transact = request?["method"] == "transact" ? request : peer.receive()
            guard let id = transact?["id"] else { return }
            peer.send(#"{"id":\#(JSONSerializer.string(id)),"result":[{"rows":[{"na"#)
            peer.send(#"me":"br0"}]}],"error":null}"#)
        }])
        defer { server.finish() }
        let client = OVSDBClient(socketPath: server.path, timeout: 5)
        let results = try client.transact(Self.select)
        #expect(results == [["rows": [["name": "br0"]]]])
    }

    @Test func aReadOnlyRequestIsRepeatedOnANewConnectionWhenTheServerDropsIt() throws {
        let server = try FakeOVSDBServer(handlers: [
            { peer in _ = peer.receive() },  // then closes without answering
            { peer in
                guard let id = peer.receive()?["id"] else { return }
                peer.send(#"{"id":\#(JSONSerializer.string(id)),"result":[{"rows":[]}],"error":null}"#)
            },
        ])
        defer { server.finish() }
        let client = OVSDBClient(socketPath: server.path, timeout: 5)
        #expect(try client.transact(Self.select) == [["rows": []]])
    }

    @Test func aChangeIsNotRepeatedWhenTheConnectionBreaksAfterItWasSent() throws {
        let server = try FakeOVSDBServer(handlers: [{ peer in _ = peer.receive() }])
        defer { server.finish() }
        let client = OVSDBClient(socketPath: server.path, timeout: 5)
        do {
            _ = try client.transact([.mutate(table: "Open_vSwitch", where: [], mutations: [OVSDBMutation("next_cfg", "+=", 1)])])
            Issue.record("a broken connection passed")
        } catch {
            #expect(error.code == .connectionLost, "\(error)")
        }
    }

    @Test func aServerThatDoesNotAnswerTimesOut() throws {
        let server = try FakeOVSDBServer(handlers: [{ peer in _ = peer.receive(); _ = peer.receive() }])
        let client = OVSDBClient(socketPath: server.path, timeout: 0.3)
        do {
            try client.echo()
            Issue.record("no answer passed")
        } catch {
            #expect(error.code == .timeout, "\(error)")
        }
        client.disconnect()
        server.finish()
    }

    @Test func aMissingSocketIsAConnectErrorNamingThePath() {
        let client = OVSDBClient(socketPath: "/nonexistent/db.sock")
        do {
            try client.echo()
            Issue.record("connected to nothing")
        } catch {
            #expect(error.code == .connect && error.message.contains("/nonexistent/db.sock"), "\(error)")
        }
    }

    @Test func anErrorAnswerIsARequestFailure() throws {
        let server = try FakeOVSDBServer(handlers: [{ peer in
            guard let id = peer.receive()?["id"] else { return }
            peer.send(#"{"id":\#(JSONSerializer.string(id)),"result":null,"error":{"error":"unknown database","details":"x"}}"#)
        }])
        defer { server.finish() }
        do {
            _ = try OVSDBClient(socketPath: server.path).transact(Self.select, database: "Nope")
            Issue.record("an error answer passed")
        } catch {
            #expect(error.code == .requestFailed && error.message.contains("unknown database"), "\(error)")
        }
    }

    @Test func waitingForTheConfigurationFollowsMonitorUpdates() throws {
        let server = try FakeOVSDBServer(handlers: [{ peer in
            guard let monitor = peer.receive(), monitor["method"] == "monitor", let id = monitor["id"] else { return }
            peer.send(#"{"id":\#(JSONSerializer.string(id)),"result":{"Open_vSwitch":{"u1":{"new":{"cur_cfg":6}}}},"error":null}"#)
            peer.send(#"{"id":null,"method":"update","params":["swift-cni-cur-cfg",{"Open_vSwitch":{"u1":{"new":{"cur_cfg":7}}}}]}"#)
            peer.send(#"{"id":null,"method":"update","params":["swift-cni-cur-cfg",{"Open_vSwitch":{"u1":{"new":{"cur_cfg":8}}}}]}"#)
            _ = peer.receive()  // monitor_cancel
        }])
        defer { server.finish() }
        let client = OVSDBClient(socketPath: server.path)
        try client.waitForConfiguration(8, timeout: 5)
        client.disconnect()
    }
}
