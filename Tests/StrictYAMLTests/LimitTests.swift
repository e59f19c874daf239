import Foundation
import StrictYAML
import Testing

/// Hostile documents are refused at the place that passes one of ``YAMLLimits``, with the limit named,
/// before anything is composed: nothing recurses or expands without bound.
@Suite("YAML limits")
struct LimitTests {
    private func refusal(_ contents: String) -> YAMLError? {
        do {
            _ = try YAMLDocument(contents: contents, file: "sample.yaml")
            return nil
        } catch {
            return error
        }
    }

    /// `lolN: &aN [*aN-1 ×10]`: ten levels would repeat 10^11 values.
    static func aliasBomb(levels: Int) -> String {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...levels {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func anAliasBombIsRefusedAtTheAliasThatPassesTheLimit() throws {
        let error = try #require(refusal(Self.aliasBomb(levels: 10)))
        #expect(error.code == .limitExceeded)
        // Each *a2 repeats 1,111 values; with the 1,220 before them, the eighth *a2 of a3 passes 10,000.
        #expect(error.description.hasPrefix("sample.yaml:4:"), "\(error)")
        #expect(error.message.contains("*a2"))
        #expect(error.message.contains("10,000 values (the limit)"))
    }

    @Test func aFewAliasesAreRead() throws {
        let document = try YAMLDocument(contents: "defaults: &d {a: 1, b: 2}\nfirst: *d\nsecond: *d\n", file: "sample.yaml")
        #expect(try document.rootMapping().keys == ["defaults", "first", "second"])
    }

    @Test(arguments: [40, 100_000])
    func flowListsNestedTooDeepAreRefused(depth: Int) throws {
        let contents = "x: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = try #require(refusal(contents))
        #expect(error.code == .limitExceeded)
        #expect(error.line == 1)
        #expect(error.message.contains("nested more than 32 levels deep here"))
    }

    @Test func theLevelsAtTheLimitAreRead() throws {
        // The top-level section is level 1, so 31 lists inside it reach the limit.
        let depth = YAMLLimits.maximumDepth - 1
        let contents = "x: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        #expect(refusal(contents) == nil)
        let deeper = "x: " + String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        #expect(refusal(deeper)?.column == 4 + depth)
    }

    @Test func blockSectionsNestedTooDeepAreRefusedAtTheFirstLevelPastTheLimit() throws {
        let contents = (0..<40).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n"
        let error = try #require(refusal(contents))
        #expect(error.code == .limitExceeded)
        #expect((error.line, error.column) == (33, 33), "\(error)")
    }

    @Test func aDocumentLongerThanTheLimitIsRefusedWhereItPassesIt() throws {
        let contents = "name: a\nnote: " + String(repeating: "y", count: YAMLLimits.maximumBytes) + "\n"
        let error = try #require(refusal(contents))
        #expect(error.code == .limitExceeded)
        #expect((error.line, error.column) == (2, YAMLLimits.maximumBytes - 8 + 1))
        #expect(error.message.contains("longer than 1,048,576 bytes (1 MiB)"))
    }

    @Test func aByteThatIsNotUTF8IsReportedAtItsLineAndColumn() throws {
        var data = Data("timezone: Asia/Tehran\nshop:\n  name: Sahab Sh".utf8)
        data.append(0xE9)
        data.append(contentsOf: Data("p\n".utf8))
        #expect(throws: YAMLError(.unreadableFile, file: "calendar.yaml", line: 3, column: 17,
            message: "this file is not UTF-8 text: the byte 0xE9 here is not UTF-8 (the file was probably saved "
                + "as Latin-1 or Windows-1252); save it as UTF-8")) {
            try YAMLText.decode(data, file: "calendar.yaml")
        }
    }

    @Test func columnsAfterOtherScriptsCountCharacters() throws {
        var data = Data("name: سحاب ".utf8)
        data.append(0xFF)
        do {
            _ = try YAMLText.decode(data, file: "x.yaml")
            Issue.record("the byte 0xFF was accepted")
        } catch {
            #expect((error.line, error.column) == (1, 12))
        }
    }

    @Test func UTF8TextIsDecodedWithoutItsByteOrderMark() throws {
        #expect(try YAMLText.decode(Data("\u{FEFF}name: a\n".utf8), file: "x.yaml") == "name: a\n")
    }

    @Test func aFileLongerThanTheLimitIsReadOnlyUpToIt() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-limits-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(repeating: UInt8(ascii: "y"), count: 3 * YAMLLimits.maximumBytes).write(to: url)
        let data = try #require(YAMLText.contents(atPath: url.path))
        #expect(data.count == YAMLLimits.maximumBytes + 1)
        #expect(throws: YAMLError.self) { try YAMLText.decode(data, file: url.path) }
    }
}
