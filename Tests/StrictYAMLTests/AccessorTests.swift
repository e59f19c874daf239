import StrictYAML
import Testing

/// Every accessor, with a good value and a bad one.
@Suite("YAMLValue accessors")
struct AccessorTests {
    @Test(arguments: [("plain words", "plain words"), ("\"quoted: text\"", "quoted: text"), ("off", "off"), ("123", "123"), ("'yes'", "yes")])
    func stringReadsAnySingleValueAsWritten(written: String, expected: String) throws {
        #expect(try scalar(written).string() == expected)
    }

    @Test(arguments: ["[a, b]", "{a: b}"])
    func stringRefusesListsAndSections(written: String) throws {
        let error = try #require(throws: YAMLError.self) { try scalar(written).string() }
        #expect(error.code == .typeMismatch)
        #expect(error.description.hasPrefix("value.yaml:1:8: value: expected a single value, got a"))
    }

    @Test(arguments: [("0", 0), ("64", 64), ("-3", -3), ("+7", 7), ("\"12\"", 12)])
    func intReadsWholeNumbers(written: String, expected: Int) throws {
        #expect(try scalar(written).int() == expected)
    }

    @Test(arguments: ["many", "1.5", "0x10", "1_000", "12abc", "\"-\"", "99999999999999999999999"])
    func intRefusesOtherText(written: String) throws {
        let error = try #require(throws: YAMLError.self) { try scalar(written).int() }
        #expect(error.code == .invalidValue)
        #expect(error.message.hasPrefix("expected a whole number such as 10, got \""))
    }

    @Test func intChecksTheRange() throws {
        #expect(try scalar("64").int(in: 1...64) == 64)
        let error = try #require(throws: YAMLError.self) { try scalar("65").int(in: 1...64) }
        #expect(error.description == "value.yaml:1:8: value: expected a whole number from 1 to 64, got 65")
    }

    @Test func boolAcceptsTrueAndFalse() throws {
        #expect(try scalar("true").bool() == true)
        #expect(try scalar("false").bool() == false)
    }

    @Test(arguments: [
        ("yes", "write true instead"), ("on", "write true instead"), ("no", "write false instead"), ("off", "write false instead"),
        ("True", "write true in lower case"), ("maybe", "got \"maybe\""),
    ])
    func boolRefusesEverythingElse(written: String, hint: String) throws {
        let error = try #require(throws: YAMLError.self) { try scalar(written).bool() }
        #expect(error.code == .invalidValue)
        #expect(error.message.hasPrefix("expected true or false, got \"\(written)\""))
        #expect(error.message.contains(hint))
    }

    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("10s", .seconds(10)), ("5m", .seconds(300)), ("2h", .seconds(7200)),
        ("1d", .seconds(86400)), ("0s", .zero),
    ])
    func durationReadsANumberAndAUnit(written: String, expected: Duration) throws {
        #expect(try scalar(written).duration() == expected)
    }

    @Test(arguments: ["ten", "30", "5 min", "1.5s", "s", "-5s", "10w", "99999999999999d"])
    func durationRefusesOtherText(written: String) throws {
        let error = try #require(throws: YAMLError.self) { try scalar(written).duration() }
        #expect(error.code == .invalidValue)
        #expect(error.message.hasPrefix("expected a duration such as 30s, 5m or 1h, got \""))
    }

    @Test(arguments: [("[a, b]", ["a", "b"]), ("single", ["single"]), ("[]", []), ("\n  - x\n  - \"y z\"", ["x", "y z"])])
    func stringListReadsListsAndSingleValues(written: String, expected: [String]) throws {
        #expect(try scalar(written).stringList() == expected)
    }

    @Test func stringListRefusesNestedValuesAtTheElement() throws {
        let error = try #require(throws: YAMLError.self) { try scalar("[a, {b: c}]").stringList() }
        #expect(error.description == "value.yaml:1:12: value[1]: expected a single value, got a section of keys")
        let empty = try #require(throws: YAMLError.self) { try scalar("\n  - a\n  -\n").stringList() }
        #expect(empty.description.hasPrefix("value.yaml:3:4: value[1]: expected a single value, got an empty value"))
    }

    @Test func oneOfAcceptsOnlyTheListedValues() throws {
        #expect(try scalar("off").oneOf(["required", "optional", "off"]) == "off")
        let error = try #require(throws: YAMLError.self) { try scalar("requird").oneOf(["required", "optional", "off"]) }
        #expect(error.description == "value.yaml:1:8: value: expected one of required, optional or off, got \"requird\" (did you mean required?)")
    }

    @Test func mappingReadsSections() throws {
        let section = try scalar("{a: 1, b: [x]}").mapping()
        #expect(section.keys == ["a", "b"])
        #expect(section.keyPath == "value")
        #expect(try section.required("a").int() == 1)
        #expect(try section.value(for: "b")?.stringList() == ["x"])
        #expect(section.value(for: "c") == nil)
        let error = try #require(throws: YAMLError.self) { try scalar("[a]").mapping() }
        #expect(error.code == .typeMismatch)
    }

    @Test func convertRepositionsAnotherModulesError() throws {
        struct NotAnAddress: Error, CustomStringConvertible {
            var description: String { "\"nobody\" is not an e-mail address such as name@example.com" }
        }
        let value = try scalar("nobody")
        let error = try #require(throws: YAMLError.self) { try value.convert { _ throws -> Int in throw NotAnAddress() } }
        #expect(error.description == "value.yaml:1:8: value: \"nobody\" is not an e-mail address such as name@example.com")
        #expect(try value.convert { $0.count } == 6)
    }

    @Test func valuesFromOutsideADocumentUseTheSameRules() throws {
        let value = YAMLValue(text: "many", file: "environment KEEPSAKE_SMTP_CONNECTIONS")
        let error = try #require(throws: YAMLError.self) { try value.int(in: 1...64) }
        #expect(error.description == "environment KEEPSAKE_SMTP_CONNECTIONS: expected a whole number from 1 to 64, got \"many\"")
        #expect(try YAMLValue(text: "5m", file: "environment").duration() == .seconds(300))
    }

    @Test func emptyDocumentsHaveNoRootAndAnEmptyMapping() throws {
        let document = try YAMLDocument(contents: "# only a comment\n", file: "empty.yaml")
        #expect(document.root == nil)
        #expect(try document.rootMapping().keys.isEmpty)
    }

    @Test func positionsCountUnicodeScalarsFromOne() throws {
        let document = try YAMLDocument(contents: "name: سلام\nport: x\n", file: "f.yaml")
        let error = try #require(throws: YAMLError.self) { try document.rootMapping().required("port").int() }
        #expect(error.line == 2 && error.column == 7)
        let name = try #require(try document.rootMapping().value(for: "name"))
        #expect(name.line == 1 && name.column == 7)
    }

    @Test func descriptionLeavesOutWhatIsUnknown() {
        #expect(YAMLError(.syntax, file: "f.yaml", line: 2, column: 3, message: "m").description == "f.yaml:2:3: m")
        #expect(YAMLError(.invalidValue, file: "environment X", keyPath: "", message: "m").description == "environment X: m")
        #expect(YAMLError(.invalidValue, file: "f", keyPath: "a.b", message: "m").description == "f: a.b: m")
    }
}
