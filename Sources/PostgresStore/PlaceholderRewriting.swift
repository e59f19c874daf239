/// The store's SQL marks its arguments with `?` or `?N` (SQLite's style); PostgreSQL numbers them
/// (`$1`, `$2`, …). ``PlaceholderRewriting/rewrite(_:)`` turns each placeholder into `$n`, and
/// leaves alone every `?` inside a string literal (`'…'`, `E'…'`, `$tag$…$tag$`), a quoted identifier
/// (`"…"`) or a comment (`-- …`, nested `/* … */`), as PostgreSQL's own lexer reads them. It also
/// splits the text into statements at each `;` outside those (PostgreSQL's extended protocol runs
/// one statement at a time), dropping the empty ones. SQLite's `INDEXED BY name` (an index the
/// store's queries insist on) is dropped outside those too: PostgreSQL has no such clause, its
/// planner chooses.
public enum PlaceholderRewriting {
    /// The most arguments one statement takes: PostgreSQL's protocol counts them in 16 bits.
    public static let maximumArgumentCount = 65_535

    /// The SQL text with numbered placeholders, and how many arguments it expects.
    public struct Rewritten: Equatable, Sendable {
        /// The statements for PostgreSQL, with `$1` … `$n`, without their `;`.
        public let statements: [String]
        /// The highest placeholder number: the count of arguments the text takes.
        public let argumentCount: Int
        /// Whether the text numbers its placeholders (`?N`): then, as in SQLite, the arguments
        /// after the highest number used may be given and are not bound (one argument list shared
        /// by several conditions, some using fewer of them).
        public var numbered = false

        /// The one statement, for callers that pass arguments (which bind to one statement only).
        public var sql: String { statements.joined(separator: ";\n") }
    }

    /// Rewrites `sql`; throws ``PostgresStoreError`` (`unterminatedSQL`) for a literal, identifier or
    /// comment that never closes, since PostgreSQL would refuse it too and the count would be wrong.
    public static func rewrite(_ sql: String) throws -> Rewritten {
        let bytes = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var count = 0
        var index = 0
        var statements: [String] = []
        var hasContent = false
        var numbered = false
        func copy(until end: Int) {
            output.append(contentsOf: bytes[index..<end])
            index = end
        }
        func endStatement() {
            if hasContent { statements.append(String(decoding: output, as: UTF8.self)) }
            output.removeAll(keepingCapacity: true)
            hasContent = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            let isComment = (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")) && index + 1 < bytes.count
                && bytes[index + 1] == (byte == UInt8(ascii: "-") ? UInt8(ascii: "-") : UInt8(ascii: "*"))
            if !isComment && byte != UInt8(ascii: ";") && !(byte == 0x20 || (0x09...0x0D).contains(byte)) {
                hasContent = true
            }
            switch byte {
            case UInt8(ascii: ";"):
                endStatement()
                index += 1
            case UInt8(ascii: "?"):
                // `?N` is the N-th argument; a bare `?` the one after the highest so far (SQLite's rule).
                var end = index + 1
                var number = 0
                while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9"), number <= maximumArgumentCount {
                    number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                    end += 1
                }
                if end == index + 1 {
                    number = count + 1
                } else {
                    numbered = true
                }
                if end > index + 1, number < 1 || number > maximumArgumentCount {
                    throw PostgresStoreError(.argumentCount, "the SQL text has the placeholder ?\(number) at byte \(index): placeholders are numbered from 1 to \(maximumArgumentCount)")
                }
                count = max(count, number)
                output.append(contentsOf: Array("$\(number)".utf8))
                index = end
            case UInt8(ascii: "'"):
                let escapes = index > 0 && (bytes[index - 1] | 0x20) == UInt8(ascii: "e") && !isIdentifierByte(at: index - 2, in: bytes)
                copy(until: try end(ofQuoted: UInt8(ascii: "'"), from: index, in: bytes, backslashEscapes: escapes, what: "string literal"))
            case UInt8(ascii: "\""):
                copy(until: try end(ofQuoted: UInt8(ascii: "\""), from: index, in: bytes, backslashEscapes: false, what: "quoted identifier"))
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                var end = index + 2
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                copy(until: end)
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                copy(until: try end(ofBlockCommentFrom: index, in: bytes))
            case UInt8(ascii: "$") where !isIdentifierByte(at: index - 1, in: bytes):
                if let tagEnd = dollarTagEnd(from: index, in: bytes) {
                    let tag = Array(bytes[index...tagEnd])
                    copy(until: try end(ofDollarQuoted: tag, after: tagEnd + 1, in: bytes))
                } else {
                    output.append(byte)
                    index += 1
                }
            case _ where byte | 0x20 == UInt8(ascii: "i") && !isIdentifierByte(at: index - 1, in: bytes):
                if let end = end(ofIndexedByFrom: index, in: bytes) {
                    index = end
                } else {
                    output.append(byte)
                    index += 1
                }
            default:
                output.append(byte)
                index += 1
            }
        }
        endStatement()
        var rewritten = Rewritten(statements: statements, argumentCount: count)
        rewritten.numbered = numbered
        return rewritten
    }

    /// The index just past `INDEXED BY name` (any case, any blanks between) starting at `start`, or nil.
    private static func end(ofIndexedByFrom start: Int, in bytes: [UInt8]) -> Int? {
        var index = start
        func word(_ text: String) -> Bool {
            let word = Array(text.utf8)
            guard index + word.count <= bytes.count,
                  zip(bytes[index..<(index + word.count)], word).allSatisfy({ $0 | 0x20 == $1 }),
                  !isIdentifierByte(at: index + word.count, in: bytes) else { return false }
            index += word.count
            return true
        }
        func blanks() -> Bool {
            let first = index
            while index < bytes.count, bytes[index] == 0x20 || (0x09...0x0D).contains(bytes[index]) { index += 1 }
            return index > first
        }
        guard word("indexed"), blanks(), word("by"), blanks(), isIdentifierByte(at: index, in: bytes) else { return nil }
        while isIdentifierByte(at: index, in: bytes) { index += 1 }
        return index
    }

    private static func isIdentifierByte(at index: Int, in bytes: [UInt8]) -> Bool {
        guard index >= 0, index < bytes.count else { return false }
        let byte = bytes[index]
        return byte >= 0x80 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
            || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// The index just past the closing quote; a doubled quote is one quote inside.
    private static func end(ofQuoted quote: UInt8, from start: Int, in bytes: [UInt8], backslashEscapes: Bool, what: String) throws -> Int {
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if backslashEscapes && byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == quote {
                if index + 1 < bytes.count && bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        throw PostgresStoreError(.unterminatedSQL, "the SQL text has a \(what) opened at byte \(start) that never closes")
    }

    /// `/* … */`, nested as PostgreSQL nests them.
    private static func end(ofBlockCommentFrom start: Int, in bytes: [UInt8]) throws -> Int {
        var depth = 0
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "/") && bytes[index + 1] == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        throw PostgresStoreError(.unterminatedSQL, "the SQL text has a comment opened at byte \(start) that never closes")
    }

    /// The index of the closing `$` of a tag `$`, `$name$` starting at `start`, if it is one.
    private static func dollarTagEnd(from start: Int, in bytes: [UInt8]) -> Int? {
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "$") { return index }
            let letter = byte >= 0x80 || byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            // A tag never starts with a digit ($1 is a parameter).
            guard letter || (digit && index > start + 1) else { return nil }
            index += 1
        }
        return nil
    }

    private static func end(ofDollarQuoted tag: [UInt8], after start: Int, in bytes: [UInt8]) throws -> Int {
        var index = start
        while index + tag.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "$") && Array(bytes[index..<(index + tag.count)]) == tag {
                return index + tag.count
            }
            index += 1
        }
        throw PostgresStoreError(.unterminatedSQL, "the SQL text has a dollar-quoted string opened at byte \(start - tag.count) that never closes")
    }
}
