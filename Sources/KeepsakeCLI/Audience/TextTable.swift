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
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - displayWidth(cell))
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map { line($0.map(singleLine)) }).joined(separator: "\n")
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
