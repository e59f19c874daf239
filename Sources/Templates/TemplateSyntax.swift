import Mustache

/// Compiles template sources with swift-mustache, turning its parse errors into
/// ``TemplateProblem``s that say what to fix, at the place swift-mustache stopped (or, for a
/// section never closed, at the section's opening tag).
enum TemplateSyntax {
    /// Put before subjects and plain-text parts so that swift-mustache does not HTML-escape them.
    /// Standalone on its own line, it renders to nothing; problems are moved up one line.
    private static let textPragma = "{{%CONTENT_TYPE: TEXT}}\n"

    /// The compiled template, or the problem that stops it from compiling.
    static func compile(_ source: String, file: String, part: TemplatePart) -> Result<MustacheTemplate, TemplateProblem> {
        let isText = !part.isHTML
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
            if let open {
                message = "{{/\(closing)}} does not close the open section {{#\(open.name)}} from line "
                    + "\(open.tagPosition.line); close that section first with {{/\(open.name)}}"
            } else {
                message = "{{/\(closing)}} closes a section that was never opened; remove it or add {{#\(closing)}} before it"
            }
        case .expectedSectionEnd?:
            if let open = unclosedSections(in: source).last {
                position = open.tagPosition
                message = "the section {{#\(open.name)}} is never closed; add {{/\(open.name)}} where it should end"
            } else {
                message = "a section is never closed; add its {{/name}} where it should end"
            }
        case .unfinishedName?:
            message = "this tag is not finished: write it as {{name}}, with a name of letters, digits, '_', '-' "
                + "and '.', and close it with }}"
        case .invalidSetDelimiter?:
            message = "the delimiter change is not written as {{=<% %>=}}: two delimiters separated by a space, between '='s"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?:
            message = "pragmas ({{%…}}) are not supported: Keepsake chooses text or HTML rendering by itself"
        case .transformAppliedToInheritanceSection?, .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            message = "template inheritance ({{<…}} and {{$…}}) is not supported; use _layout/layout.html.mustache and partials"
        case nil:
            message = "a tag is opened with {{ but never closed with }}"
        }
        return TemplateProblem(.syntax, file: file, line: position.line, column: position.column, message)
    }

    /// The name of the closing tag at `position`, and the section it fails to close.
    private static func sectionMismatch(
        before position: SourcePosition, in source: String
    ) -> (closing: String, open: MustacheTag?) {
        var open: [MustacheTag] = []
        for tag in MustacheScanner.tags(in: source) {
            switch tag.kind {
            case .section, .invertedSection:
                open.append(tag)
            case .sectionEnd:
                if tag.tagPosition < position, tag.name != open.last?.name || open.isEmpty {
                    return (tag.name, open.last)
                }
                if !open.isEmpty { open.removeLast() }
            default:
                break
            }
        }
        return ("…", open.last)
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
