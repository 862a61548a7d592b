import CNISpec
import Testing

@Suite struct JSONParserTests {
    @Test func parsesAndKeepsOrderAndNumbers() throws {
        let text = #"{"b": 1, "a": [true, false, null, 1.50, -0, 1e3], "c": {"x": "y"}}"#
        let value = try JSONParser.parse(text)
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(JSONSerializer.string(value) == #"{"b":1,"a":[true,false,null,1.50,-0,1e3],"c":{"x":"y"}}"#)
    }

    @Test func decodesEscapesAndSurrogates() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00\ud800x""#)
        #expect(value.stringValue == "a\"b\\c/d\n\té😀\u{FFFD}x")
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":}", "{\"a\" 1}", "01", "1.", "-", "tru", "\"\u{01}\"", "{} {}", "[1 2]",
        "{'a':1}", "\"\\x\"", "NaN", "+1",
    ])
    func rejectsInvalidDocuments(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func refusesExcessiveNestingButAcceptsDeepDocuments() throws {
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(tooDeep) }
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        let value = try JSONParser.parse(deep)
        #expect(JSONSerializer.string(value) == deep)
    }

    @Test func duplicateKeysKeepLastValueLikeGo() throws {
        let value = try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(JSONSerializer.string(value) == #"{"a":3,"b":2}"#)
    }

    @Test func serializerEscapesLikeGo() {
        let value: JSONValue = ["k": "<a&b>\u{2028}\u{01}\"\\\n"]
        #expect(JSONSerializer.string(value) == #"{"k":"\u003ca\u0026b\u003e\u2028\u0001\"\\\n"}"#)
    }

    @Test func indentedOutputMatchesGoMarshalIndent() {
        let value: JSONValue = ["a": [1, 2], "b": [:], "c": []]
        #expect(JSONSerializer.string(value, style: .indented) == "{\n    \"a\": [\n        1,\n        2\n    ],\n    \"b\": {},\n    \"c\": []\n}")
    }
}

@Suite struct GoStyleDecodingTests {
    struct Mapping: Decodable, Equatable {
        var hostPort: Int
        var containerPort: Int
        var `protocol`: String?
        var hostIP: String?
    }

    @Test func keysMatchCaseInsensitivelyAsContainerdSendsThem() throws {
        let value = try JSONParser.parse(#"{"HostPort":8080,"ContainerPort":80,"Protocol":"tcp","HostIP":"127.0.0.1","Extra":1}"#)
        let mapping = try JSONValueDecoder().decode(Mapping.self, from: value)
        #expect(mapping == Mapping(hostPort: 8080, containerPort: 80, protocol: "tcp", hostIP: "127.0.0.1"))
    }

    @Test func exactMatchWinsOverFoldedMatch() throws {
        let value = try JSONParser.parse(#"{"hostport":1,"hostPort":2,"containerPort":3}"#)
        #expect(try JSONValueDecoder().decode(Mapping.self, from: value).hostPort == 2)
    }

    @Test func lastFoldedMatchWinsWithoutExactMatch() throws {
        let value = try JSONParser.parse(#"{"HOSTPORT":1,"Hostport":2,"containerPort":3}"#)
        #expect(try JSONValueDecoder().decode(Mapping.self, from: value).hostPort == 2)
    }

    @Test func nullLeavesZeroValues() throws {
        struct Fields: Decodable { var name: String; var count: Int; var flag: Bool; var list: [String] }
        let value = try JSONParser.parse(#"{"name":null,"count":null,"flag":null,"list":null}"#)
        let decoded = try JSONValueDecoder().decode(Fields.self, from: value)
        #expect(decoded.name == "" && decoded.count == 0 && !decoded.flag && decoded.list.isEmpty)
    }

    @Test(arguments: [#"{"hostPort":1.0,"containerPort":1}"#, #"{"hostPort":1e2,"containerPort":1}"#,
                      #"{"hostPort":"80","containerPort":1}"#, #"{"hostPort":99999999999999999999,"containerPort":1}"#])
    func integersMustBeIntegers(_ text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Mapping.self, from: value) }
    }

    @Test func errorsNameTheFieldPath() throws {
        struct Outer: Decodable { var ipam: Inner }
        struct Inner: Decodable { var ranges: [[Range]] }
        struct Range: Decodable { var subnet: String }
        let value = try JSONParser.parse(#"{"ipam":{"ranges":[[{"subnet":"a"},{"subnet":5}]]}}"#)
        do {
            _ = try JSONValueDecoder().decode(Outer.self, from: value)
            Issue.record("expected an error")
        } catch let error as DecodingError {
            #expect(DecodingErrorDescription.describe(error).contains("ipam.ranges[0][1].subnet"))
        }
    }

    @Test func rawJSONFieldsPassThrough() throws {
        struct WithRaw: Codable { var type: String; var extra: JSONValue? }
        let value = try JSONParser.parse(#"{"type":"x","extra":{"z":[1,{"q":null}],"a":"b"}}"#)
        let decoded = try JSONValueDecoder().decode(WithRaw.self, from: value)
        #expect(try JSONValueEncoder().encode(decoded) == value)
    }

    @Test func encoderKeepsNestingAndOrder() throws {
        struct Leaf: Encodable { var z = 1; var a = [2, 3] }
        struct Tree: Encodable { var leaves = [Leaf(), Leaf()]; var name = "t"; var nested = [[Leaf()]]; var missing: Int? = nil }
        #expect(JSONSerializer.string(try JSONValueEncoder().encode(Tree())) ==
            #"{"leaves":[{"z":1,"a":[2,3]},{"z":1,"a":[2,3]}],"name":"t","nested":[[{"z":1,"a":[2,3]}]]}"#)
    }
}
