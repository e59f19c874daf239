#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One record of a CSV file: its fields, in header order, and the physical line it starts on.
public struct CSVRecord: Sendable, Hashable {
    /// The physical line the record starts on; the header is line 1. A record with a quoted line
    /// break spans more than one line.
    public let line: Int
    /// The fields as written, unquoted, exactly one per header column.
    public let fields: [String]

    /// Creates a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// A strict, streaming reader of UTF-8 CSV files with a header line.
///
/// It accepts a byte order mark, LF or CRLF line ends, and quoted fields holding commas, doubled
/// quotes and line breaks. It refuses everything else with a ``CSVError`` naming the record's line
/// and the column: an unclosed quote, a quote inside an unquoted field, text after a closing quote,
/// bytes that are not UTF-8, and a record whose field count differs from the header's. After an
/// error, ``next()`` continues with the following record, so every problem of a file can be listed.
///
/// ```swift
/// let reader = try CSVReader(path: "customers.csv")
/// while let record = try reader.next() { … }
/// ```
public final class CSVReader {
    /// The header's column names, with surrounding spaces removed.
    public let header: [String]
    /// The size of the file in bytes, when reading a file; for a progress bar.
    public let fileSize: Int?

    private var parser: CSVParser
    private let descriptor: Int32

    /// Opens `path` and reads its header.
    ///
    /// - Throws: ``CSVError`` when the file cannot be opened, is empty, or its header is malformed
    ///   (a column without a name, or a name given twice).
    public init(path: String) throws(CSVError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CSVError(.unreadableFile, line: 0, column: "file", "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        fileSize = fstat(descriptor, &status) == 0 ? Int(status.st_size) : nil
        self.descriptor = descriptor
        parser = CSVParser(input: ByteInput(descriptor: descriptor))
        do {
            header = try Self.readHeader(&parser)
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// Reads CSV text held in memory (for tests and small inputs).
    public init(bytes: [UInt8]) throws(CSVError) {
        fileSize = bytes.count
        descriptor = -1
        parser = CSVParser(input: ByteInput(bytes: bytes))
        header = try Self.readHeader(&parser)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Bytes read from the input so far (in chunks, so slightly ahead of the records returned).
    public var bytesRead: Int { parser.input.bytesRead }

    /// The next record, or nil after the last.
    ///
    /// - Throws: ``CSVError`` for a malformed record; calling `next()` again continues with the
    ///   record after it.
    public func next() throws(CSVError) -> CSVRecord? {
        guard let (record, error) = nextLeniently() else { return nil }
        if let error { throw error }
        return record
    }

    /// The next record even when it is malformed, with its fields as read past the problem (for
    /// a rejects file), and the problem; nil after the last record.
    func nextLeniently() -> (record: CSVRecord, error: CSVError?)? {
        guard let raw = parser.nextRecord() else { return nil }
        let record = CSVRecord(line: raw.line, fields: raw.fields)
        if let problem = raw.problem {
            return (record, CSVError(problem.code, line: raw.line, column: columnName(at: problem.fieldIndex), problem.message))
        }
        guard raw.fields.count == header.count else {
            return (record, columnCountError(raw))
        }
        return (record, nil)
    }

    /// The header name of the column at `index`, or `column N` (counting from 1) past the header.
    public func columnName(at index: Int) -> String {
        index < header.count ? header[index] : "column \(index + 1)"
    }

    private func columnCountError(_ raw: CSVParser.RawRecord) -> CSVError {
        let count = raw.fields.count
        let fix = count < header.count
            ? "\(columnName(at: count)) and the columns after it are missing"
            : "there are more commas than columns; quote values that contain a comma"
        return CSVError(.wrongColumnCount, line: raw.line, column: columnName(at: min(count, header.count)),
                        "this row has \(count) \(count == 1 ? "field" : "fields"), the header has \(header.count); \(fix)")
    }

    private static func readHeader(_ parser: inout CSVParser) throws(CSVError) -> [String] {
        guard let raw = parser.nextRecord() else {
            throw CSVError(.emptyFile, line: 1, column: "header", "the file is empty; the first line must name the columns")
        }
        let names = raw.fields.map { $0.trimmingASCIISpaces() }
        if let problem = raw.problem {
            let column = problem.fieldIndex < names.count && !names[problem.fieldIndex].isEmpty
                ? names[problem.fieldIndex] : "column \(problem.fieldIndex + 1)"
            throw CSVError(problem.code, line: raw.line, column: column, problem.message)
        }
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            guard !name.isEmpty else {
                throw CSVError(.emptyHeaderName, line: 1, column: "column \(index + 1)",
                               "the header gives this column no name; name it or remove the column")
            }
            if let first = seen[name] {
                throw CSVError(.duplicateHeaderName, line: 1, column: name,
                               "columns \(first + 1) and \(index + 1) are both named \"\(name)\"; rename or remove one")
            }
            seen[name] = index
        }
        return names
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last,
              first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return self }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while end > start, utf8[utf8.index(before: end)] == 0x20 || utf8[utf8.index(before: end)] == 0x09 {
            end = utf8.index(before: end)
        }
        return String(self[start..<end])
    }
}
