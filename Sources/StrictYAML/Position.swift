internal import Yams

/// A 1-based line and column (in Unicode scalars); 0:0 when unknown.
struct Position: Hashable, Comparable {
    var line: Int
    var column: Int

    static let unknown = Position(line: 0, column: 0)

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ mark: Mark?) {
        self.init(line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    static func < (left: Position, right: Position) -> Bool {
        (left.line, left.column) < (right.line, right.column)
    }
}
