/// Plain-text tables for terminal output, aligned by display width (Persian and Arabic letters
/// are one column each; combining marks none).
enum TextTable {
    /// The header, a rule, and the rows, columns separated by two spaces.
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(displayWidth)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], displayWidth(cell))
            }
        }
        return ([line(header, widths: widths), rule(widths)] + rows.map { line($0.map(singleLine), widths: widths) })
            .joined(separator: "\n")
    }

    /// One line of a table whose columns are `widths` wide.
    static func line(_ cells: [String], widths: [Int]) -> String {
        cells.enumerated().map { index, cell in
            index == cells.count - 1 || index >= widths.count
                ? cell : cell + String(repeating: " ", count: max(0, widths[index] - displayWidth(cell)))
        }.joined(separator: "  ")
    }

    /// The rule under the header.
    static func rule(_ widths: [Int]) -> String {
        widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    }

    /// Cells never break the table: line breaks and tabs become spaces.
    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.filter { scalar in
            let category = scalar.properties.generalCategory
            return category != .nonspacingMark && category != .enclosingMark && category != .format
        }.count
    }
}
