internal import StrictYAML

/// Reads segment conditions by recursive descent (`or` over `and` over `not` over a test), checking
/// each test against its field's kind as it goes.
struct SegmentParser {
    private let tokens: [SegmentToken]
    private var position = 0
    /// The groups and `not`s open around the current token.
    private var depth = 0
    /// The tests read so far.
    private var testCount = 0

    init(tokens: [SegmentToken]) {
        self.tokens = tokens
    }

    static func parse(_ source: String) throws(SegmentError) -> SegmentExpression {
        let tokens = try SegmentLexer.tokens(of: source)
        guard tokens.count > 1 else {
            throw SegmentError(.syntax, "the condition is empty; leave out where: to match every customer, or write a condition such as total_spent >= 1000", at: 0)
        }
        var parser = SegmentParser(tokens: tokens)
        let expression = try parser.disjunction()
        let rest = parser.current
        switch rest.kind {
        case .end: return expression
        case .closeParenthesis: throw SegmentError(.syntax, "this ) has no matching (", at: rest.offset)
        default: throw SegmentError(.syntax, "expected and, or, or the end of the condition, got \(rest.shown)", at: rest.offset)
        }
    }

    private var current: SegmentToken { tokens[position] }

    private mutating func advance() -> SegmentToken {
        defer { position = min(position + 1, tokens.count - 1) }
        return tokens[position]
    }

    private mutating func take(_ keyword: SegmentKeyword) -> Bool {
        guard current.kind == .keyword(keyword) else { return false }
        position += 1
        return true
    }

    private mutating func disjunction() throws(SegmentError) -> SegmentExpression {
        var expression = try conjunction()
        while take(.or) {
            expression = .or(expression, try conjunction())
        }
        return expression
    }

    private mutating func conjunction() throws(SegmentError) -> SegmentExpression {
        var expression = try negation()
        while take(.and) {
            expression = .and(expression, try negation())
        }
        return expression
    }

    private mutating func negation() throws(SegmentError) -> SegmentExpression {
        let token = current
        guard take(.not) else { return try test() }
        try enter(token)
        defer { depth -= 1 }
        return .not(try negation())
    }

    /// One more group or `not` around what follows `token`, refused past ``SegmentLimits/maximumDepth``.
    private mutating func enter(_ token: SegmentToken) throws(SegmentError) {
        depth += 1
        guard depth > SegmentLimits.maximumDepth else { return }
        if let unbalanced = SegmentLimits.unbalancedParenthesis(in: tokens) { throw unbalanced }
        throw SegmentError(.limitExceeded, "this \(token.text) nests groups ( … ) and nots more than "
            + "\(SegmentLimits.maximumDepth) levels deep, the limit; write the condition with fewer levels", at: token.offset)
    }

    private mutating func test() throws(SegmentError) -> SegmentExpression {
        let token = advance()
        switch token.kind {
        case .openParenthesis:
            try enter(token)
            defer { depth -= 1 }
            let inner = try disjunction()
            switch advance().kind {
            case .closeParenthesis: return inner
            case .end: throw SegmentError(.syntax, "this ( is not closed; add ) at the end of its group", at: token.offset)
            default:
                position -= 1
                throw SegmentError(.syntax, "expected and, or or ), got \(current.shown)", at: current.offset)
            }
        case .keyword(.exists):
            try count(token)
            return .exists(try field(advance(), after: "exists"))
        case .field:
            try count(token)
            let field = try self.field(token, after: nil)
            return try comparison(of: field, fieldToken: token)
        case .literal:
            throw SegmentError(.syntax, "a test starts with a field name, such as total_spent >= 1000; got \(token.shown)", at: token.offset)
        case .end:
            throw SegmentError(.syntax, "the condition ends too early; expected a test such as orders_count >= 2", at: token.offset)
        default:
            throw SegmentError(.syntax, "expected a test such as orders_count >= 2, exists birthday or ( … ), got \(token.shown)", at: token.offset)
        }
    }

    /// One more test, refused past ``SegmentLimits/maximumTests``.
    private mutating func count(_ token: SegmentToken) throws(SegmentError) {
        testCount += 1
        guard testCount > SegmentLimits.maximumTests else { return }
        throw SegmentError(.limitExceeded, "this is test number \(testCount) of the condition, past the limit of "
            + "\(SegmentLimits.maximumTests) tests; compare with a list (country in [\"IR\", \"AE\"]) or split the segment",
            at: token.offset)
    }

    private func field(_ token: SegmentToken, after keyword: String?) throws(SegmentError) -> SegmentField {
        guard case let .field(name) = token.kind else {
            throw SegmentError(.syntax, "expected a field name after \(keyword ?? "this"), such as birthday, got \(token.shown)", at: token.offset)
        }
        if let field = SegmentField(name: name) { return field }
        throw SegmentError(.unknownField, "unknown field '\(name)'\(Self.hint(for: name))", at: token.offset)
    }

    static func hint(for name: String) -> String {
        if name == SegmentField.attributePrefix || name == "attributes" {
            return " (name the column after attributes., such as attributes.city)"
        }
        if let dot = name.firstIndex(of: ".") {
            return " (extra columns of the import are written attributes.\(name[name.index(after: dot)...]))"
        }
        if let suggestion = Suggestion.closest(to: name, among: SegmentField.named.map(\.name)) {
            return " (did you mean \(suggestion)?)"
        }
        return " (the fields are \(SegmentField.named.map(\.name).joined(separator: ", ")), and attributes.NAME for extra columns)"
    }

    private mutating func comparison(of field: SegmentField, fieldToken: SegmentToken) throws(SegmentError) -> SegmentExpression {
        let token = advance()
        switch token.kind {
        case let .comparison(comparison):
            try SegmentTypeCheck.operator(comparison, on: field, at: token.offset)
            let literal = try value(for: field)
            return .comparison(field, comparison, literal)
        case .keyword(.in):
            return try membership(of: field, at: token.offset, negated: false)
        case .keyword(.not) where current.kind == .keyword(.in):
            position += 1
            return try membership(of: field, at: token.offset, negated: true)
        case .keyword(.contains):
            try SegmentTypeCheck.contains(on: field, at: token.offset)
            let literal = advance()
            guard case let .literal(value) = literal.kind else {
                throw SegmentError(.syntax, "expected a text in quotes after contains, such as \"vip\", got \(literal.shown)", at: literal.offset)
            }
            try SegmentTypeCheck.containsValue(value, on: field, at: literal.offset)
            return .contains(field, value)
        case let .field(word) where Suggestion.closest(to: word, among: ["contains", "in"]) != nil:
            let keyword = Suggestion.closest(to: word, among: ["contains", "in"])!
            throw SegmentError(.syntax, "expected an operator after \(field.name), got '\(word)' (did you mean \(keyword)?)", at: token.offset)
        default:
            throw SegmentError(.syntax, "expected an operator after \(field.name) (=, !=, <, <=, >, >=, in, not in or contains), got \(token.shown)", at: token.offset)
        }
    }

    private mutating func membership(of field: SegmentField, at offset: Int, negated: Bool) throws(SegmentError) -> SegmentExpression {
        try SegmentTypeCheck.membership(on: field, at: offset)
        let open = advance()
        guard case .openBracket = open.kind else {
            throw SegmentError(.syntax, "expected a list in brackets after in, such as [\"IR\", \"AE\"], got \(open.shown)", at: open.offset)
        }
        var values: [SegmentValue] = []
        while true {
            if values.isEmpty, current.kind == .closeBracket {
                throw SegmentError(.syntax, "the list is empty, so nothing would match; put at least one value between [ and ]", at: current.offset)
            }
            values.append(try value(for: field))
            let separator = advance()
            switch separator.kind {
            case .comma: continue
            case .closeBracket: return .membership(field, values, negated: negated)
            case .end: throw SegmentError(.syntax, "this [ list is not closed; add ] after its last value", at: open.offset)
            default: throw SegmentError(.syntax, "expected , or ] in the list, got \(separator.shown)", at: separator.offset)
            }
        }
    }

    /// A literal compared with `field`, checked against the field's kind.
    private mutating func value(for field: SegmentField) throws(SegmentError) -> SegmentValue {
        let token = advance()
        switch token.kind {
        case let .literal(value):
            try SegmentTypeCheck.literal(value, text: token.text, for: field, at: token.offset)
            return value
        case .field(let name) where SegmentField(name: name) != nil:
            throw SegmentError(.syntax, "a test compares \(field.name) with a value, not with another field such as \(name)", at: token.offset)
        case .field(let name):
            throw SegmentError(.syntax, "expected a value to compare \(field.name) with, got the word \(name); put text in quotes: \"\(name)\"", at: token.offset)
        default:
            throw SegmentError(.syntax, "expected a value to compare \(field.name) with, such as \(SegmentTypeCheck.example(for: field)), got \(token.shown)", at: token.offset)
        }
    }
}
