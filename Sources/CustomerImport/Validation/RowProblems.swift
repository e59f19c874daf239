/// The problems found in one row, collected so that a row reports every bad value at once.
struct RowProblems {
    let file: String
    let line: Int
    private(set) var list: [ImportProblem] = []
    /// Columns already refused for a NUL character, whose value is not judged again.
    private var columnsHoldingNUL: [String] = []

    init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    var isEmpty: Bool { list.isEmpty }

    /// Notes a problem in each of `columns`, whose values hold a NUL character: the store would
    /// cut the text there (a name `A<NUL>li` would be kept as `A`), so the row is refused instead.
    mutating func refuseNUL(in columns: [String]) {
        for column in columns {
            note(FieldProblem("the value contains a NUL character (byte 0), which Keepsake cannot store: "
                + "the text would be cut there; remove it from the file"), column: column)
        }
        columnsHoldingNUL = columns
    }

    /// Notes a problem in `column` (unless the column was already refused for a NUL character).
    mutating func note(_ problem: FieldProblem, column: String) {
        guard !columnsHoldingNUL.contains(column) else { return }
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
