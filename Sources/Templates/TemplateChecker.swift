/// The role a template file plays, which decides how it is rendered and what it may contain.
enum TemplatePart: Hashable, Sendable {
    /// `subject.mustache`: plain text, one line once rendered.
    case subject
    /// `body.html.mustache`: HTML, placed in the layout where it says `{{>content}}`.
    case htmlBody
    /// `body.txt.mustache`: plain text.
    case textBody
    /// `_layout/layout.html.mustache`: the HTML page around every HTML body.
    case layout
    /// Another `_layout/NAME.html.mustache`: an HTML partial such as the header and the footer.
    case htmlPartial
    /// `_layout/footer.txt.mustache`: plain text after every plain-text body.
    case textFooter

    /// Whether the part is HTML, where customer data must be escaped.
    var isHTML: Bool { self == .htmlBody || self == .layout || self == .htmlPartial }
}

/// What checking one template file found.
struct CheckedTemplate: Sendable {
    /// The problems, in the order they appear.
    var problems: [TemplateProblem] = []
    /// The variables the template uses that Keepsake knows, as written (`coupon.code`).
    var variables: Set<String> = []
    /// The partials the template includes (`header`, `content`).
    var partials: Set<String> = []
    /// `{{coupon…}}` variables and partials outside every `{{#coupon…}}` section.
    var couponUses: [UnguardedUse] = []
    var unguardedPartials: [UnguardedUse] = []
}

/// Checks a template that swift-mustache parsed: every variable is one Keepsake provides, every
/// partial exists, HTML never inserts a value unescaped, and no unsupported Mustache feature is used.
struct TemplateChecker {
    /// The file, for problems.
    let file: String
    /// What the file is.
    let part: TemplatePart
    /// The HTML partials available from `_layout` (not counting `content`).
    let partials: Set<String>

    /// The problems in `source`, with the variables and partials it uses.
    func check(_ source: String) -> CheckedTemplate {
        var result = CheckedTemplate()
        var scopes: [VariableShape] = [TemplateVariables.root]
        var guards = CouponGuards()
        for tag in MustacheScanner.tags(in: source) {
            defer { guards.follow(tag) }
            switch tag.kind {
            case .comment, .setDelimiters:
                break
            case .variable, .unescapedVariable:
                if tag.kind == .unescapedVariable, part.isHTML {
                    let written = tag.sigil == "{" ? "{{{\(tag.name)}}}" : "{{&\(tag.name)}}"
                    result.problems.append(problem(.unescapedHTML, at: tag.tagPosition,
                        "\(written) inserts the value without HTML escaping, so a customer's name could "
                            + "add markup to the message; write {{\(tag.name)}}"))
                }
                if resolve(tag, in: scopes, into: &result) != nil, CouponGuards.readsCoupon(tag.name), !guards.isGuarded {
                    result.couponUses.append(UnguardedUse(file: file, position: tag.namePosition, name: tag.name))
                }
            case .section:
                let shape = resolve(tag, in: scopes, into: &result)
                scopes.append(shape?.sectionScope ?? .value)
            case .invertedSection:
                _ = resolve(tag, in: scopes, into: &result)
                scopes.append(scopes[scopes.count - 1])
            case .sectionEnd:
                if scopes.count > 1 { scopes.removeLast() }
            case .partial:
                checkPartial(tag, into: &result)
                if !guards.isGuarded {
                    result.unguardedPartials.append(UnguardedUse(file: file, position: tag.namePosition, name: tag.name))
                }
            case .unsupported(let sigil):
                result.problems.append(problem(.unsupportedTag, at: tag.tagPosition, Self.unsupportedMessage(sigil)))
            }
        }
        return result
    }

    private func resolve(
        _ tag: MustacheTag, in scopes: [VariableShape], into result: inout CheckedTemplate
    ) -> VariableShape? {
        let name = tag.name
        if name.contains("(") {
            result.problems.append(problem(.unsupportedTag, at: tag.namePosition,
                "transforms such as '\(name)' are not supported in Keepsake templates; write the variable alone"))
            return nil
        }
        if let shape = TemplateVariables.resolve(name, in: scopes) {
            result.variables.insert(name)
            return shape
        }
        var message = "unknown variable '\(name)'"
        if let suggestion = TemplateVariables.suggestion(for: name, in: scopes) {
            message += " (did you mean \(suggestion)?)"
        } else {
            message += "; templates/README.md lists the variables"
        }
        result.problems.append(problem(.unknownVariable, at: tag.namePosition, message))
        return nil
    }

    private func checkPartial(_ tag: MustacheTag, into result: inout CheckedTemplate) {
        let name = tag.name
        result.partials.insert(name)
        guard part.isHTML else {
            result.problems.append(problem(.unknownPartial, at: tag.tagPosition,
                "partials cannot be used in subjects and plain-text parts (Mustache would HTML-escape them); "
                    + "write the text here instead of {{>\(name)}}"))
            return
        }
        if name.hasPrefix("*") {
            result.problems.append(problem(.unsupportedTag, at: tag.tagPosition,
                "dynamic partials ({{>*name}}) are not supported; name the partial, such as {{>footer}}"))
            return
        }
        if name == "content" {
            guard part == .layout else {
                result.problems.append(problem(.unknownPartial, at: tag.namePosition,
                    "{{>content}} belongs in _layout/layout.html.mustache only: it is where each message's HTML body goes"))
                return
            }
            return
        }
        guard partials.contains(name) else {
            var message = "unknown partial '\(name)': there is no _layout/\(name).html.mustache"
            let candidates = partials.sorted() + (part == .layout ? ["content"] : [])
            if let suggestion = Spelling.closest(to: name, among: candidates) {
                message += " (did you mean \(suggestion)?)"
            }
            result.problems.append(problem(.unknownPartial, at: tag.namePosition, message))
            return
        }
    }

    private static func unsupportedMessage(_ sigil: Character) -> String {
        switch sigil {
        case "%":
            return "pragmas ({{%…}}) are not supported: Keepsake renders subjects and .txt parts as text "
                + "and .html parts as HTML by itself"
        default:
            return "template inheritance ({{\(sigil)…}}) is not supported; use _layout/layout.html.mustache and partials"
        }
    }

    private func problem(_ code: TemplateProblem.Code, at position: SourcePosition, _ message: String) -> TemplateProblem {
        TemplateProblem(code, file: file, line: position.line, column: position.column, message)
    }
}
