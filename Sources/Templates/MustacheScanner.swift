/// One `{{…}}` tag of a template's source, with where its name starts, for checks that
/// swift-mustache (whose token list is internal) cannot do: unknown variables and partials.
struct MustacheTag: Hashable, Sendable {
    /// What the tag's sigil makes it.
    enum Kind: Hashable, Sendable {
        /// `{{name}}`: an HTML-escaped variable.
        case variable
        /// `{{{name}}}` or `{{&name}}`: a variable inserted as it is.
        case unescapedVariable
        /// `{{#name}}`: a section, shown when the value is present (once per item of a list).
        case section
        /// `{{^name}}`: shown when the value is absent or an empty list.
        case invertedSection
        /// `{{/name}}`: the end of a section.
        case sectionEnd
        /// `{{>name}}`: a partial.
        case partial
        /// `{{! … }}`: a comment.
        case comment
        /// `{{=<% %>=}}`: new delimiters.
        case setDelimiters
        /// `{{%…}}`, `{{<…}}` or `{{$…}}`: pragmas and inheritance, which Keepsake does not allow.
        case unsupported(Character)
    }

    /// What the tag is.
    let kind: Kind
    /// The sigil as written after the opening delimiter (`#`, `^`, `{`, `&`, …), or empty for a plain variable.
    var sigil: String {
        switch kind {
        case .variable: return ""
        case .unescapedVariable: return written
        case .section: return "#"
        case .invertedSection: return "^"
        case .sectionEnd: return "/"
        case .partial: return ">"
        case .comment: return "!"
        case .setDelimiters: return "="
        case .unsupported(let character): return String(character)
        }
    }
    /// For an unescaped variable, `{` or `&` as written.
    let written: String
    /// The text after the sigil, without surrounding spaces: a name, a partial name or a comment.
    let name: String
    /// Where the tag's opening delimiter is.
    let tagPosition: SourcePosition
    /// Where the name starts (the tag's position when it has no name).
    let namePosition: SourcePosition
}

/// A line and a column in a template, both from 1, columns counted in characters as swift-mustache does.
struct SourcePosition: Hashable, Sendable, Comparable {
    /// The line, from 1.
    var line: Int
    /// The column, from 1.
    var column: Int

    static func < (left: SourcePosition, right: SourcePosition) -> Bool {
        (left.line, left.column) < (right.line, right.column)
    }
}

/// Reads the tags of a Mustache template's source with their positions, following the delimiters
/// the template sets. Templates are checked by ``MustacheTemplate`` first; this scanner only looks
/// at templates that parse, and stops quietly at an unterminated tag.
struct MustacheScanner {
    private let characters: [Character]
    private var index = 0
    private var position = SourcePosition(line: 1, column: 1)
    private var openDelimiter: [Character] = ["{", "{"]
    private var closeDelimiter: [Character] = ["}", "}"]

    init(_ source: String) {
        self.characters = Array(source)
    }

    /// Every tag of `source`, in order.
    static func tags(in source: String) -> [MustacheTag] {
        var scanner = MustacheScanner(source)
        var tags: [MustacheTag] = []
        while let tag = scanner.nextTag() {
            tags.append(tag)
        }
        return tags
    }

    private mutating func nextTag() -> MustacheTag? {
        while index < characters.count {
            if matches(openDelimiter) {
                return readTag()
            }
            advance()
        }
        return nil
    }

    private mutating func readTag() -> MustacheTag? {
        let tagPosition = position
        advance(by: openDelimiter.count)
        guard index < characters.count else { return nil }
        let sigil = characters[index]
        let kind: MustacheTag.Kind
        var closing = closeDelimiter
        switch sigil {
        case "{": kind = .unescapedVariable; closing = ["}"] + closeDelimiter
        case "&": kind = .unescapedVariable
        case "#": kind = .section
        case "^": kind = .invertedSection
        case "/": kind = .sectionEnd
        case ">": kind = .partial
        case "!": kind = .comment
        case "=": kind = .setDelimiters
        case "%", "<", "$": kind = .unsupported(sigil)
        default: kind = .variable
        }
        if kind != .variable { advance() }
        while index < characters.count, characters[index].isWhitespace, !matches(closing) {
            advance()
        }
        let namePosition = position
        var content: [Character] = []
        while index < characters.count, !matches(closing) {
            content.append(characters[index])
            advance()
        }
        guard index < characters.count else { return nil }
        advance(by: closing.count)
        var name = String(content)
        while name.last?.isWhitespace == true { name.removeLast() }
        if kind == .setDelimiters { applyDelimiters(name) }
        return MustacheTag(
            kind: kind, written: String(sigil), name: name, tagPosition: tagPosition, namePosition: namePosition)
    }

    /// `<% %>=` (the text between `{{=` and `}}`) sets the delimiters to `<%` and `%>`.
    private mutating func applyDelimiters(_ text: String) {
        guard text.last == "=" else { return }
        let parts = text.dropLast().split(whereSeparator: \.isWhitespace)
        guard parts.count == 2 else { return }
        openDelimiter = Array(parts[0])
        closeDelimiter = Array(parts[1])
    }

    private func matches(_ delimiter: [Character]) -> Bool {
        guard index + delimiter.count <= characters.count else { return false }
        return characters[index..<(index + delimiter.count)].elementsEqual(delimiter)
    }

    private mutating func advance(by count: Int = 1) {
        for _ in 0..<count where index < characters.count {
            if characters[index].isNewline {
                position.line += 1
                position.column = 1
            } else {
                position.column += 1
            }
            index += 1
        }
    }
}
