/// Finds where in a YAML file a character of a scalar's value was written, so that a mistake
/// inside a segment condition is reported at its own line and column, whatever the quoting:
/// plain, 'single-quoted' (`''` for a quote), "double-quoted" (backslash escapes), folded over
/// several lines, or a `|` / `>` block.
///
/// The walk re-reads the scalar from its first character and checks each character it yields
/// against the parsed value; if they ever disagree, it gives the scalar's own position rather
/// than a wrong one.
struct ScalarSourceMap {
    private let lines: [[Unicode.Scalar]]

    init(contents: String) {
        lines = contents.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? Array(line.dropLast()) : Array(line)
        }
    }

    /// The 1-based line and column of the `offset`-th Unicode scalar of `value`, a scalar that starts
    /// at `line`:`column` (its opening quote or block indicator, if any). An offset at the end of the
    /// value gives the column just after its last character.
    func position(ofOffset offset: Int, in value: String, line: Int, column: Int) -> (line: Int, column: Int) {
        let start = (line: line, column: column)
        guard line >= 1, line <= lines.count, column >= 1, column <= lines[line - 1].count + 1 else { return start }
        let expected = Array(value.unicodeScalars)
        guard let walked = walk(line: line - 1, column: column - 1, upTo: offset, expected: expected) else { return start }
        if offset < walked.count {
            return (walked[offset].line + 1, walked[offset].column + 1)
        }
        guard let last = walked.last else { return start }
        return (last.line + 1, last.column + 2)
    }

    private struct Place {
        var line: Int
        var column: Int
    }

    /// The source place of each value scalar up to `offset`, or nil when the walk disagrees with `expected`.
    private func walk(line: Int, column: Int, upTo offset: Int, expected: [Unicode.Scalar]) -> [Place]? {
        let first = column < lines[line].count ? lines[line][column] : " "
        if first == "|" || first == ">" {
            return block(after: line, folded: first == ">", upTo: offset, expected: expected)
        }
        let quote: Unicode.Scalar? = first == "\"" || first == "'" ? first : nil
        var places: [Place] = []
        var verified: [Bool] = []
        var place = Place(line: line, column: quote == nil ? column : column + 1)
        func emit(_ scalar: Unicode.Scalar?, at spot: Place) {
            places.append(spot)
            verified.append(scalar.map { places.count <= expected.count && expected[places.count - 1] == $0 } ?? true)
        }
        while places.count <= offset, places.count < expected.count {
            let row = lines[place.line]
            if place.column >= row.count {
                // A line break inside a flow scalar folds to a space, or to one newline per
                // empty line that follows.
                let breakPlace = place
                var emptyLines = 0
                repeat {
                    place = Place(line: place.line + 1, column: 0)
                    guard place.line < lines.count else { return nil }
                    while place.column < lines[place.line].count, [" ", "\t"].contains(lines[place.line][place.column]) {
                        place.column += 1
                    }
                    if place.column >= lines[place.line].count { emptyLines += 1 } else { break }
                } while true
                for _ in 0..<max(emptyLines, 1) { emit(emptyLines == 0 ? " " : "\n", at: breakPlace) }
                continue
            }
            let scalar = row[place.column]
            switch (quote, scalar) {
            case ("\"", "\\"):
                guard place.column + 1 < row.count else {
                    // An escaped line break joins the lines without a space.
                    place = Place(line: place.line + 1, column: 0)
                    guard place.line < lines.count else { return nil }
                    while place.column < lines[place.line].count, [" ", "\t"].contains(lines[place.line][place.column]) { place.column += 1 }
                    continue
                }
                emit(nil, at: place)
                let lengths: [Unicode.Scalar: Int] = ["x": 4, "u": 6, "U": 10]
                place.column += lengths[row[place.column + 1]] ?? 2
            case ("'", "'"):
                guard place.column + 1 < row.count, row[place.column + 1] == "'" else { return nil }
                emit("'", at: place)
                place.column += 2
            case (let quote?, _) where scalar == quote:
                return nil
            case (_, _) where row[place.column...].allSatisfy({ $0 == " " || $0 == "\t" }):
                // Blanks before a line break are not part of the value.
                place.column = row.count
            default:
                emit(scalar, at: place)
                place.column += 1
            }
        }
        return verified.allSatisfy { $0 } ? places : nil
    }

    /// A `|` or `>` block: lines below the indicator, at the indentation of the first non-empty one.
    private func block(after header: Int, folded: Bool, upTo offset: Int, expected: [Unicode.Scalar]) -> [Place]? {
        var places: [Place] = []
        var indentation: Int?
        var line = header + 1
        while line < lines.count, places.count <= offset, places.count < expected.count {
            let row = lines[line]
            let leading = row.prefix { $0 == " " }.count
            if indentation == nil, leading < row.count { indentation = leading }
            if let indentation, leading >= indentation, indentation < row.count {
                for column in indentation..<row.count { places.append(Place(line: line, column: column)) }
            }
            places.append(Place(line: line, column: row.count))
            line += 1
        }
        guard indentation != nil else { return nil }
        let matches = zip(places, expected).allSatisfy { place, scalar in
            let row = lines[place.line]
            return place.column < row.count ? row[place.column] == scalar : scalar == "\n" || (folded && scalar == " ")
        }
        return matches ? places : nil
    }
}
