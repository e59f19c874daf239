import Calendars
import Foundation

/// Splits a segment condition into tokens, refusing characters and spellings the language does
/// not have with a message that says what to write instead.
struct SegmentLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// All tokens, ending with `.end`.
    static func tokens(of source: String) throws(SegmentError) -> [SegmentToken] {
        var lexer = SegmentLexer(source)
        var tokens: [SegmentToken] = []
        repeat {
            tokens.append(try lexer.next())
        } while tokens.last?.kind != .end
        return tokens
    }

    private mutating func next() throws(SegmentError) -> SegmentToken {
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        let start = index
        guard index < scalars.count else { return SegmentToken(kind: .end, offset: start, text: "") }
        let scalar = scalars[index]
        func token(_ kind: SegmentToken.Kind, length: Int) -> SegmentToken {
            index = start + length
            return SegmentToken(kind: kind, offset: start, text: text(start, start + length))
        }
        switch scalar {
        case "(": return token(.openParenthesis, length: 1)
        case ")": return token(.closeParenthesis, length: 1)
        case "[": return token(.openBracket, length: 1)
        case "]": return token(.closeBracket, length: 1)
        case ",": return token(.comma, length: 1)
        case "=":
            if peek(1) == "=" { throw SegmentError(.syntax, "write = instead of == to compare", at: start) }
            if peek(1) == ">" || peek(1) == "<" {
                throw SegmentError(.syntax, "write \(peek(1)!)= instead of =\(peek(1)!)", at: start)
            }
            return token(.comparison(.equal), length: 1)
        case "!":
            if peek(1) == "=" { return token(.comparison(.notEqual), length: 2) }
            throw SegmentError(.syntax, "write not instead of !", at: start)
        case "<":
            if peek(1) == ">" { throw SegmentError(.syntax, "write != instead of <>", at: start) }
            return peek(1) == "=" ? token(.comparison(.lessOrEqual), length: 2) : token(.comparison(.less), length: 1)
        case ">":
            return peek(1) == "=" ? token(.comparison(.greaterOrEqual), length: 2) : token(.comparison(.greater), length: 1)
        case "&": throw SegmentError(.syntax, "write and instead of \(peek(1) == "&" ? "&&" : "&")", at: start)
        case "|": throw SegmentError(.syntax, "write or instead of \(peek(1) == "|" ? "||" : "|")", at: start)
        case "\"", "'": return try quotedText()
        case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}":
            throw SegmentError(.syntax, "\(scalar) is a typographic quote; put text between straight quotes \" or '", at: start)
        default:
            if Self.isDigit(scalar) || scalar == "-" && peek(1).map(Self.isDigit) == true {
                return try numberOrDate()
            }
            if scalar.properties.numericType == .decimal {
                throw SegmentError(.syntax, "write numbers with the digits 0–9 (\(scalar) is not one of them)", at: start)
            }
            if Self.startsName(scalar) { return name() }
            throw SegmentError(.syntax, "unexpected character '\(scalar)'", at: start)
        }
    }

    private func peek(_ distance: Int) -> Unicode.Scalar? {
        index + distance < scalars.count ? scalars[index + distance] : nil
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(String.UnicodeScalarView(scalars[start..<end]))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func startsName(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    private static func continuesName(_ scalar: Unicode.Scalar) -> Bool {
        startsName(scalar) || isDigit(scalar) || scalar == "." || scalar == "-"
    }

    /// A field name (`total_spent`, `attributes.loyalty-tier`) or a keyword.
    private mutating func name() -> SegmentToken {
        let start = index
        while index < scalars.count, Self.continuesName(scalars[index]) { index += 1 }
        let word = text(start, index)
        if let keyword = SegmentKeyword(rawValue: word.lowercased()) {
            return SegmentToken(kind: .keyword(keyword), offset: start, text: word)
        }
        return SegmentToken(kind: .field(word), offset: start, text: word)
    }

    /// Text between straight quotes; a backslash escapes the quote or another backslash.
    private mutating func quotedText() throws(SegmentError) -> SegmentToken {
        let start = index
        let quote = scalars[index]
        var value = String.UnicodeScalarView()
        index += 1
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == quote {
                index += 1
                return SegmentToken(kind: .literal(.text(String(value))), offset: start, text: text(start, index))
            }
            if scalar == "\\", let escaped = peek(1) {
                guard escaped == quote || escaped == "\\" || escaped == "\"" || escaped == "'" else {
                    throw SegmentError(.syntax, "unknown escape \\\(escaped) in text; write \\\\ for a backslash", at: index)
                }
                value.append(escaped)
                index += 2
                continue
            }
            value.append(scalar)
            index += 1
        }
        throw SegmentError(.syntax, "this text has no closing \(quote); add \(quote) at its end", at: start)
    }

    /// `1000`, `-3`, `19.99` or a date `2026-01-31`.
    private mutating func numberOrDate() throws(SegmentError) -> SegmentToken {
        let start = index
        while index < scalars.count, Self.continuesName(scalars[index]) || scalars[index] == "+" || scalars[index] == ":" {
            index += 1
        }
        let word = text(start, index)
        let isDateShaped = word.count >= 5 && Array(word.unicodeScalars)[4] == "-" && word.unicodeScalars.prefix(4).allSatisfy(Self.isDigit)
        if isDateShaped {
            do {
                return SegmentToken(kind: .literal(.date(try LocalDate(parsing: word))), offset: start, text: word)
            } catch {
                throw SegmentError(.invalidLiteral, "\(error)", at: start)
            }
        }
        guard let number = SegmentValue.number(word) else {
            if word.contains(where: \.isLetter) {
                throw SegmentError(.syntax, "\"\(word)\" is not a number; write a number with digits only, such as 30 or 19.99", at: start)
            }
            throw SegmentError(.syntax, "\"\(word)\" is not a number or a date; write numbers such as 1000 or 19.99 and dates as YYYY-MM-DD", at: start)
        }
        return SegmentToken(kind: .literal(.number(number)), offset: start, text: word)
    }
}
