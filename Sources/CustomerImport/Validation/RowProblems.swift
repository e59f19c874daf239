/// The problems found in one row, collected so that a row reports every bad value at once.
struct RowProblems {
    let file: String
    let line: Int
    private(set) var list: [ImportProblem] = []

    init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    var isEmpty: Bool { list.isEmpty }

    /// Notes a problem in `column`.
    mutating func note(_ problem: FieldProblem, column: String) {
        list.append(ImportProblem(problem.code, file: file, line: line, column: column, problem.message))
    }

    /// Runs `parse` on `text` when there is one, noting its problem under `column`; nil on problem or no text.
    mutating func read<Value>(
        _ text: String?, column: @autoclosure () -> String, _ parse: (String) throws -> Value
    ) -> Value? {
        guard let text else { return nil }
        do {
            return try parse(text)
        } catch let problem as FieldProblem {
            note(problem, column: column())
        } catch {
            note(FieldProblem(String(describing: error)), column: column())
        }
        return nil
    }

    /// The error to return for the row, or nil when it is clean.
    var error: ImportProblemList? { list.isEmpty ? nil : ImportProblemList(problems: list) }
}

/// The line each id was first seen on, to refuse a customer or order given twice in one file.
struct FirstLines {
    private var lines: [String: Int] = [:]

    /// The line `id` was seen on before, or nil after noting it at `line`.
    mutating func earlierLine(of id: String, at line: Int) -> Int? {
        if let earlier = lines[id] { return earlier }
        lines[id] = line
        return nil
    }
}
