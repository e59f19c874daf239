import Foundation

/// A ``TextTable`` too long to hold in memory: rows are written to a temporary file as they come
/// (one line each, cells separated by tabs, which ``TextTable/singleLine(_:)`` keeps out of
/// cells) while the column widths are measured, and the table is printed from the file at the end.
final class TableSpool {
    private let header: [String]
    private var widths: [Int]
    private let file: URL
    private let handle: FileHandle

    /// A spool in the temporary folder, removed when the spool goes.
    ///
    /// - Throws: the file system's error when the temporary folder refuses the file.
    init(header: [String]) throws {
        self.header = header
        widths = header.map(TextTable.displayWidth)
        file = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-table-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        handle = try FileHandle(forWritingTo: file)
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: file)
    }

    /// Adds a row.
    func append(_ row: [String]) throws {
        let cells = row.map(TextTable.singleLine)
        for (index, cell) in cells.enumerated() where index < widths.count {
            widths[index] = max(widths[index], TextTable.displayWidth(cell))
        }
        try handle.write(contentsOf: Data((cells.joined(separator: "\t") + "\n").utf8))
    }

    /// Prints the header, the rule and every row, aligned, reading the rows back one line at a time.
    func print() throws {
        try handle.synchronize()
        Swift.print(TextTable.line(header, widths: widths))
        Swift.print(TextTable.rule(widths))
        guard let stream = fopen(file.path, "r") else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: file.path])
        }
        defer { fclose(stream) }
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        while getline(&buffer, &capacity, stream) > 0, let buffer {
            let line = String(cString: buffer).dropLast()
            Swift.print(TextTable.line(line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init), widths: widths))
        }
    }
}
