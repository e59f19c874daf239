internal import Yams

/// Turns libyaml's problem reports into positioned errors that say what to write instead.
struct SyntaxErrorTranslator {
    let contents: String
    let file: String

    func translate(_ error: YamlError) -> YAMLError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            return explain(problem: problem, at: mark, context: context)
        case let .reader(problem, offset, _, _):
            let position = offset.map(position(ofCharacterOffset:)) ?? (line: 0, column: 0)
            return YAMLError(
                .syntax, file: file, line: position.line, column: position.column,
                message: "the file contains bytes that are not UTF-8 text or not printable (\(problem)); save it as UTF-8 text"
            )
        default:
            return YAMLError(.syntax, file: file, message: "cannot read the document: \(error)")
        }
    }

    private func explain(problem: String, at mark: Mark, context: YamlError.Context?) -> YAMLError {
        let contextText = context?.text ?? ""
        let contextMark = context?.mark ?? mark
        func error(_ message: String, at position: Mark) -> YAMLError {
            YAMLError(.syntax, file: file, line: position.line, column: position.column, message: message)
        }
        if problem.contains("Maximum nesting level") {
            // libyaml's own limit (1,000 levels, counted as its scanner reads ahead) can stop a deep
            // flow list before YAMLLimitScanner sees it: the same limit for the marketer.
            return YAMLError(.limitExceeded, file: file, line: mark.line, column: mark.column, message: YAMLLimits.depthMessage)
        }
        if problem.contains("tab character") || (problem.contains("cannot start any token") && character(at: mark) == "\t") {
            return error("a tab character is not allowed here; indent with spaces only", at: mark)
        }
        if contextText.contains("quoted scalar") {
            if problem.contains("end of stream") || problem.contains("document") {
                return error("this quoted value has no closing quote; add the matching \(character(at: contextMark).map(String.init) ?? "quote") at its end", at: contextMark)
            }
            if problem.contains("escape") {
                return error("unknown escape sequence after \\ in a double-quoted value; write \\\\ for a backslash, or use single quotes", at: mark)
            }
        }
        if contextText.contains("flow sequence") {
            return error("this [ list is not closed; add ] at its end, or put the whole value in quotes", at: contextMark)
        }
        if contextText.contains("flow mapping") {
            return error("this { section is not closed; add } at its end, or put the whole value in quotes", at: contextMark)
        }
        if problem.contains("mapping values are not allowed") {
            return error("unexpected \":\"; put a value that contains \": \" in quotes, and start each key on its own line at the indentation of its neighbours", at: mark)
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return error("this line is not indented like the lines before it; keys of one section, and items of one list, start in the same column", at: mark)
        }
        if problem.contains("cannot start any token") {
            return error("a value cannot start with \(character(at: mark).map { "\"\($0)\"" } ?? "this character"); put the value in quotes", at: mark)
        }
        if problem.contains("undefined alias") {
            return error("this alias (*name) refers to no anchor (&name) defined before it", at: mark)
        }
        if problem.contains("another document") {
            return error("only one document is allowed; remove this --- line and what follows, or merge it into the first document", at: mark)
        }
        let detail = contextText.isEmpty ? problem : "\(problem) \(contextText)"
        return error("this is not valid YAML: \(detail)", at: mark)
    }

    /// The Unicode scalar at a 1-based line and column.
    private func character(at mark: Mark) -> Character? {
        let lines = contents.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let scalars = Array(lines[mark.line - 1].unicodeScalars)
        guard mark.column >= 1, mark.column <= scalars.count else { return nil }
        return Character(scalars[mark.column - 1])
    }

    private func position(ofCharacterOffset offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in contents.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }
}
