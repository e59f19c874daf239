import Testing
@testable import Campaigns

/// Offsets inside a YAML scalar map back to the line and column where the character was typed.
@Suite("Scalar positions")
struct ScalarSourceMapTests {
    /// The position of `offset` in the value of the scalar at `line`:`column` of `contents`.
    func position(_ contents: String, value: String, line: Int, column: Int, offset: Int) -> String {
        let found = ScalarSourceMap(contents: contents).position(ofOffset: offset, in: value, line: line, column: column)
        return "\(found.line):\(found.column)"
    }

    @Test func plainScalar() {
        #expect(position("where: a = 1 and b = 2\n", value: "a = 1 and b = 2", line: 1, column: 8, offset: 10) == "1:18")
    }

    @Test func doubleQuotedEscapes() {
        // \t, \x41 and \u0041 each stand for one character of the value.
        let text = #"w: "\t\x41\u0041 x""#
        #expect(position(text, value: "\tAA x", line: 1, column: 4, offset: 4) == "1:18")
        #expect(position(text, value: "\tAA x", line: 1, column: 4, offset: 1) == "1:7")
    }

    @Test func singleQuotedDoubledQuote() {
        #expect(position("w: 'it''s x'\n", value: "it's x", line: 1, column: 4, offset: 5) == "1:11")
    }

    @Test func foldedFlowScalarAcrossLines() {
        let text = "w: \"a = 1   \n   and b = 2\"\n"
        #expect(position(text, value: "a = 1 and b = 2", line: 1, column: 4, offset: 10) == "2:8")
        #expect(position(text, value: "a = 1 and b = 2", line: 1, column: 4, offset: 6) == "2:4")
    }

    @Test func escapedLineBreakJoinsLines() {
        let text = "w: \"ab\\\n   cd\"\n"
        #expect(position(text, value: "abcd", line: 1, column: 4, offset: 2) == "2:4")
    }

    @Test func literalBlock() {
        let text = "w: |\n  a = 1 and\n  b = 2\n"
        #expect(position(text, value: "a = 1 and\nb = 2\n", line: 1, column: 4, offset: 10) == "3:3")
    }

    @Test func windowsLineEndings() {
        let text = "x: 1\r\nw: a = 1 and bb\r\n"
        #expect(position(text, value: "a = 1 and bb", line: 2, column: 4, offset: 10) == "2:14")
    }

    @Test func offsetAtTheEndIsJustAfterTheLastCharacter() {
        #expect(position("w: \"a =\"\n", value: "a =", line: 1, column: 4, offset: 3) == "1:8")
    }

    @Test func aWalkThatDisagreesFallsBackToTheScalarStart() {
        // The value given does not match the text: rather than guess, the scalar's own position.
        #expect(position("w: \"abc\"\n", value: "xyz", line: 1, column: 4, offset: 2) == "1:4")
        // A folded block with an empty line is not walked exactly either.
        #expect(position("w: >\n  a\n\n  b\n", value: "a\nb\n", line: 1, column: 4, offset: 2) == "1:4")
    }
}
