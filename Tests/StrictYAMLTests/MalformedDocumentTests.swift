import StrictYAML
import Testing

/// Each malformed document is refused at the exact line and column the operator has to change,
/// with a message that says what to write instead.
@Suite("Malformed documents")
struct MalformedDocumentTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var contents: String
        var position: String
        var code: YAMLError.Code
        var message: String
        var testDescription: String { "\(position) \(message)" }

        init(_ contents: String, _ position: String, _ code: YAMLError.Code, _ message: String) {
            self.contents = contents
            self.position = position
            self.code = code
            self.message = message
        }
    }

    static let cases: [Case] = [
        // Syntax.
        Case("name: a\nserver:\n\thost: b\n", "sample.yaml:3:1", .syntax, "tab character"),
        Case("name: a\n\tport: 1\n", "sample.yaml:2:1", .syntax, "indent with spaces"),
        Case("name: \"Sahab\nport: 1\n", "sample.yaml:1:7", .syntax, "no closing quote; add the matching \""),
        Case("name: 'Sahab\n", "sample.yaml:1:7", .syntax, "no closing quote; add the matching '"),
        Case("name: a\ntags: [x, y\nport: 1\n", "sample.yaml:2:7", .syntax, "this [ list is not closed"),
        Case("name: a\nserver: {host: x\n", "sample.yaml:2:9", .syntax, "this { section is not closed"),
        Case("name: a: b\n", "sample.yaml:1:8", .syntax, "put a value that contains \": \" in quotes"),
        Case("name: a\nserver:\n  host: x\n port: 1\n", "sample.yaml:4:2", .syntax, "not indented like the lines before it"),
        Case("name: a\n---\nname: b\n", "sample.yaml:2:1", .syntax, "only one document is allowed"),
        Case("name: *anchor\n", "sample.yaml:1:7", .syntax, "refers to no anchor"),
        Case("name: `a`\n", "sample.yaml:1:7", .syntax, "put the value in quotes"),
        Case("name: \"a\\qb\"\n", "sample.yaml:1:9", .syntax, "unknown escape sequence"),
        // Duplicate keys, at the second occurrence.
        Case("name: a\nport: 1\nname: b\n", "sample.yaml:3:1", .duplicateKey, "given twice in the same section (first on line 1)"),
        Case("name: a\nserver:\n  host: x\n  host: y\n", "sample.yaml:4:3", .duplicateKey, "server.host: this key is given twice"),
        Case("name: a\nserver: {host: x, host: y}\n", "sample.yaml:2:19", .duplicateKey, "server.host: this key is given twice"),
        Case("name: a\nport: 1\nname: b\nname: c\n", "sample.yaml:3:1", .duplicateKey, "name: this key is given twice"),
        Case("name: a\n\"name\": b\n", "sample.yaml:2:1", .duplicateKey, "(first on line 1)"),
        Case("name: a\nport: 1\nport: 2\nname: b\n", "sample.yaml:3:1", .duplicateKey, "port: this key is given twice"),
        // Wrong shapes.
        Case("name: [a, b]\n", "sample.yaml:1:7", .typeMismatch, "name: expected a single value, got a list"),
        Case("name: a\nserver: localhost\n", "sample.yaml:2:9", .typeMismatch, "server: expected a section of \"key: value\" lines"),
        Case("name: a\ntags: {x: 1}\n", "sample.yaml:2:7", .typeMismatch, "expected a list such as [a, b] or a single value, got a section"),
        Case("name: a\ntags: [x, [y]]\n", "sample.yaml:2:11", .typeMismatch, "tags[1]: expected a single value, got a list"),
        Case("- a\n- b\n", "sample.yaml:1:1", .typeMismatch, "expected a section"),
        // Bad values.
        Case("name: a\nport: many\n", "sample.yaml:2:7", .invalidValue, "port: expected a whole number from 1 to 65535, got \"many\""),
        Case("name: a\nport: 70000\n", "sample.yaml:2:7", .invalidValue, "from 1 to 65535, got 70000"),
        Case("name: a\nport: 2.5\n", "sample.yaml:2:7", .invalidValue, "got \"2.5\""),
        Case("name: a\nenabled: yes\n", "sample.yaml:2:10", .invalidValue, "expected true or false, got \"yes\" (write true instead"),
        Case("name: a\nenabled: off\n", "sample.yaml:2:10", .invalidValue, "(write false instead; yes, no, on and off are not accepted)"),
        Case("name: a\ntimeout: ten\n", "sample.yaml:2:10", .invalidValue, "expected a duration such as 30s, 5m or 1h, got \"ten\""),
        Case("name: a\ntimeout: 30\n", "sample.yaml:2:10", .invalidValue, "(add a unit: ms, s, m, h or d)"),
        Case("name: a\ntimeout: 5 min\n", "sample.yaml:2:10", .invalidValue, "got \"5 min\""),
        Case("name: a\nmode: fsat\n", "sample.yaml:2:7", .invalidValue, "expected one of fast or safe, got \"fsat\" (did you mean fast?)"),
        // Unknown and missing keys.
        Case("nmae: a\n", "sample.yaml:1:1", .unknownKey, "nmae: unknown key (did you mean name?)"),
        Case("name: a\nserver:\n  hots: x\n", "sample.yaml:3:3", .unknownKey, "server.hots: unknown key (did you mean host?)"),
        Case("name: a\ncolour: red\n", "sample.yaml:2:1", .unknownKey, "unknown key (the keys allowed here are enabled, mode, name"),
        Case("port: 1\n", "sample.yaml:1:1", .missingKey, "name: missing; add name at the top level, for example name: Sahab"),
        Case("name:\nport: 1\n", "sample.yaml:1:1", .missingKey, "name: a value is required here"),
        Case("name: ~\n", "sample.yaml:1:1", .missingKey, "a value is required here"),
    ]

    @Test(arguments: cases)
    func isRefusedAtTheRightPlace(_ testCase: Case) throws {
        let error = try #require(throws: YAMLError.self) { try SampleSchema.read(testCase.contents) }
        #expect(error.code == testCase.code, "\(error)")
        #expect(error.description.hasPrefix(testCase.position + ": "), "\(error)")
        #expect(error.description.contains(testCase.message), "\(error)")
    }

    @Test func theTableIsLargeEnough() {
        #expect(Self.cases.count >= 20)
    }

    @Test func aWellFormedDocumentReads() throws {
        let sample = try SampleSchema.read("""
            # A comment.
            name: "Sahab: Shop"
            port: 587
            enabled: false
            timeout: 250ms
            tags:
              - a
              - b
            mode: safe
            server: {host: relay.example.net}

            """)
        #expect(sample.name == "Sahab: Shop")
        #expect(sample.port == 587)
        #expect(sample.enabled == false)
        #expect(sample.timeout == .milliseconds(250))
        #expect(sample.tags == ["a", "b"])
        #expect(sample.mode == "safe")
        #expect(sample.host == "relay.example.net")
    }
}
