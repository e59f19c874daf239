import Foundation
import StrictYAML

/// Reads one `templates/_unsubscribe/<locale>.yaml`: exactly the four keys, each a line of text
/// whose `{placeholders}` Keepsake knows, every problem at its line and column.
enum PageTextsReader {
    static func read(path: String) -> Result<UnsubscribePages.Texts, PageProblemList> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(PageProblemList(problems: [PageProblem(file: path, line: 1, column: 1, message: "cannot be read")]))
        }
        guard var contents = String(validating: data, as: UTF8.self) else {
            return .failure(PageProblemList(problems: [PageProblem(file: path, line: 1, column: 1, message: "is not UTF-8 text: save it as UTF-8")]))
        }
        if contents.hasPrefix("\u{FEFF}") { contents.removeFirst() }
        var problems: [PageProblem] = []
        var values: [String: String] = [:]
        do {
            let mapping = try YAMLDocument(contents: contents, file: path).rootMapping()
            for key in mapping.keys where !UnsubscribePages.keys.contains(key) {
                let hint = Suggestion.closest(to: key, among: UnsubscribePages.keys).map { " (did you mean \($0)?)" }
                    ?? " (the keys are \(UnsubscribePages.keys.joined(separator: ", ")))"
                problems.append(PageProblem(mapping.error(at: key, .unknownKey, "unknown key\(hint)")))
            }
            for key in UnsubscribePages.keys {
                do {
                    let value = try mapping.required(key, example: "\"\(UnsubscribePages.builtIn[key])\"")
                    let text = try value.string()
                    values[key] = text
                    problems += placeholderProblems(in: text, value: value, contents: contents)
                } catch {
                    problems.append(PageProblem(error))
                }
            }
        } catch {
            problems.append(PageProblem(error))
        }
        guard problems.isEmpty, let title = values["title"], let question = values["question"],
              let button = values["button"], let done = values["done"]
        else { return .failure(PageProblemList(problems: problems)) }
        return .success(UnsubscribePages.Texts(title: title, question: question, button: button, done: done))
    }

    /// A problem for each `{name}` that is not a placeholder, and for a `{` or `}` left unpaired.
    private static func placeholderProblems(in text: String, value: YAMLValue, contents: String) -> [PageProblem] {
        var problems: [PageProblem] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            let offset = text.distance(from: text.startIndex, to: open)
            guard rest[open] == "{", let close = rest[open...].firstIndex(of: "}") else {
                problems.append(problem(at: offset, value: value, contents: contents,
                    "a lone \"\(rest[open])\": placeholders are written {shop}, {email}, {campaign} or {date}"))
                rest = rest[rest.index(after: open)...]
                continue
            }
            let name = String(rest[rest.index(after: open)..<close])
            if !UnsubscribePages.placeholders.contains(name) {
                let hint = Suggestion.closest(to: name, among: UnsubscribePages.placeholders).map { " (did you mean {\($0)}?)" }
                    ?? "; the placeholders are {shop}, {email}, {campaign} and {date}"
                problems.append(problem(at: offset, value: value, contents: contents, "unknown placeholder {\(name)}\(hint)"))
            }
            rest = rest[rest.index(after: close)...]
        }
        return problems
    }

    /// A problem at the character `offset` of a value: its own column when the value is written
    /// on one line as it reads (plain or quoted without escapes), else the value's start.
    private static func problem(at offset: Int, value: YAMLValue, contents: String, _ message: String) -> PageProblem {
        var column = value.column
        let lines = contents.split(separator: "\n", omittingEmptySubsequences: false)
        if value.line >= 1, value.line <= lines.count, let text = try? value.string() {
            let line = lines[value.line - 1]
            let start = line.index(line.startIndex, offsetBy: max(0, min(line.count, value.column - 1)))
            let quote = line[start...].first.map { $0 == "\"" || $0 == "'" } ?? false
            if line[start...].dropFirst(quote ? 1 : 0).hasPrefix(text) {
                column = value.column + (quote ? 1 : 0) + offset
            }
        }
        return PageProblem(file: value.file, line: value.line, column: column, message: "\(value.keyPath): \(message)")
    }
}

extension PageProblem {
    init(_ error: YAMLError) {
        let place = error.keyPath.isEmpty ? "" : "\(error.keyPath): "
        self.init(file: error.file, line: max(error.line, 1), column: max(error.column, 1), message: place + error.message)
    }
}

extension UnsubscribePages.Texts {
    /// The text of a key of the file.
    subscript(key: String) -> String {
        switch key {
        case "title": title
        case "question": question
        case "button": button
        default: done
        }
    }
}
