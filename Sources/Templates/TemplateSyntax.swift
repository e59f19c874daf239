import Mustache

/// Compiles template sources with swift-mustache, turning its parse errors into
/// ``TemplateProblem``s that say what to fix, at the place swift-mustache stopped (or, for a
/// section never closed, at the section's opening tag).
enum TemplateSyntax {
    /// Put before subjects and plain-text parts so that swift-mustache does not HTML-escape them.
    /// Standalone on its own line, it renders to nothing; problems are moved up one line.
    private static let textPragma = "{{%CONTENT_TYPE: TEXT}}\n"

    /// The compiled template, or the problem that stops it from compiling (sections nested past
    /// ``TemplateLimits/maximumSectionDepth`` are refused before swift-mustache reads them).
    static func compile(_ source: String, file: String, part: TemplatePart) -> Result<MustacheTemplate, TemplateProblem> {
        let isText = !part.isHTML
        if let tooDeep = TemplateLimits.sectionDepthProblem(in: source, file: file) {
            return .failure(tooDeep)
        }
        do {
            return .success(try MustacheTemplate(string: isText ? textPragma + source : source))
        } catch let error as MustacheTemplate.ParserError {
            var position = SourcePosition(line: error.context.lineNumber, column: error.context.columnNumber)
            if isText { position.line = max(1, position.line - 1) }
            return .failure(problem(for: error.error, at: position, in: source, file: file))
        } catch {
            return .failure(TemplateProblem(.syntax, file: file, line: 1, column: 1, "cannot be read as Mustache: \(error)"))
        }
    }

    private static func problem(
        for error: Error, at position: SourcePosition, in source: String, file: String
    ) -> TemplateProblem {
        var position = position
        let message: String
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?:
            let (closing, open) = sectionMismatch(before: position, in: source)
            position = closing?.tagPosition ?? position
            let name = closing?.name ?? "…"
            if let open {
                message = "{{/\(name)}} does not close the open section {{\(open.sigil)\(open.name)}} from line "
                    + "\(open.tagPosition.line); close that section first with {{/\(open.name)}}"
            } else {
                message = "{{/\(name)}} closes a section that was never opened; remove it or add {{#\(name)}} before it"
            }
        case .expectedSectionEnd?:
            if let open = unclosedSections(in: source).last {
                position = open.tagPosition
                message = "the section {{\(open.sigil)\(open.name)}} is never closed; add {{/\(open.name)}} where it should end"
            } else {
                message = "a section is never closed; add its {{/name}} where it should end"
            }
        case .unfinishedName?:
            let (start, written) = tagStart(before: position, in: source)
            position = start ?? position
            message = "the tag '\(written)' is not finished: write it as {{name}}, with a name of letters, digits, "
                + "'_', '-' and '.', and close it with }}"
        case .invalidSetDelimiter?:
            message = "the delimiter change is not written as {{=<% %>=}}: two delimiters separated by a space, between '='s"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?:
            message = "pragmas ({{%…}}) are not supported: Keepsake chooses text or HTML rendering by itself"
        case .transformAppliedToInheritanceSection?, .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            message = "template inheritance ({{<…}} and {{$…}}) is not supported; use _layout/layout.html.mustache and partials"
        case nil:
            message = "a tag is opened with {{ but never closed with }}"
        }
        if error as? MustacheTemplate.Error != .unfinishedName, error as? MustacheTemplate.Error != .expectedSectionEnd,
           error as? MustacheTemplate.Error != .sectionCloseNameIncorrect {
            position = tagStart(before: position, in: source).position ?? position
        }
        return TemplateProblem(.syntax, file: file, line: position.line, column: position.column, message)
    }

    /// Where the last `{{` at or before `position` is, and the text from there to `position`
    /// (at most one line and 40 characters), for errors swift-mustache reports inside or after a tag.
    private static func tagStart(
        before position: SourcePosition, in source: String
    ) -> (position: SourcePosition?, written: String) {
        var current = SourcePosition(line: 1, column: 1)
        var start: (position: SourcePosition, index: String.Index)?
        var index = source.startIndex
        while index < source.endIndex, current <= position {
            if source[index...].hasPrefix("{{") { start = (current, index) }
            if source[index].isNewline {
                current = SourcePosition(line: current.line + 1, column: 1)
            } else {
                current.column += 1
            }
            index = source.index(after: index)
        }
        guard let start else { return (nil, "") }
        let written = source[start.index...].prefix { !$0.isNewline }.prefix(
            start.position.line == position.line ? max(2, position.column - start.position.column) : 40)
        return (start.position, String(written))
    }

    /// The closing tag at `position`, and the section it fails to close.
    private static func sectionMismatch(
        before position: SourcePosition, in source: String
    ) -> (closing: MustacheTag?, open: MustacheTag?) {
        var open: [MustacheTag] = []
        for tag in MustacheScanner.tags(in: source) {
            switch tag.kind {
            case .section, .invertedSection:
                open.append(tag)
            case .sectionEnd:
                if tag.tagPosition < position, tag.name != open.last?.name || open.isEmpty {
                    return (tag, open.last)
                }
                if !open.isEmpty { open.removeLast() }
            default:
                break
            }
        }
        return (nil, open.last)
    }

    /// The sections opened and never closed, outermost first.
    private static func unclosedSections(in source: String) -> [MustacheTag] {
        var open: [MustacheTag] = []
        for tag in MustacheScanner.tags(in: source) {
            switch tag.kind {
            case .section, .invertedSection: open.append(tag)
            case .sectionEnd: if open.last?.name == tag.name { open.removeLast() }
            default: break
            }
        }
        return open
    }
}
