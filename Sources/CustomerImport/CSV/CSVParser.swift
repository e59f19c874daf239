/// The state machine that splits bytes into records (RFC 4180, strictly): fields separated by
/// commas, records by LF or CRLF, quoted fields with doubled quotes, commas and line breaks.
///
/// It reports the first problem of a record together with the record's fields (read leniently
/// past the problem), so that the caller can go on to the next record and list every problem.
struct CSVParser {
    /// One record as read, with its first structural problem, if any.
    struct RawRecord {
        var line: Int
        var fields: [String]
        var problem: Problem?
    }

    /// A structural problem in the field at `fieldIndex`.
    struct Problem {
        var code: CSVError.Code
        var fieldIndex: Int
        var message: String
    }

    private(set) var input: ByteInput
    /// The physical line the next byte is on.
    private var line = 1
    private var field: [UInt8] = []
    private var finished = false
    /// Set when a blank line ended with a lone carriage return, reported with the next record.
    private var pendingStrayCarriageReturn = false
    /// How many fields the previous record had, to reserve space for the next.
    private var expectedCount = 8

    init(input: ByteInput) {
        self.input = input
        self.input.skipByteOrderMark()
        field.reserveCapacity(256)
    }

    /// The next record, or nil at the end of the input. Blank lines between records are skipped.
    mutating func nextRecord() -> RawRecord? {
        guard !finished, skipBlankLines() else { return nil }
        var record = RawRecord(line: line, fields: [], problem: nil)
        record.fields.reserveCapacity(expectedCount)
        if pendingStrayCarriageReturn {
            pendingStrayCarriageReturn = false
            note(.strayCarriageReturn, 0, Self.strayCarriageReturnMessage, in: &record)
        }
        while true {
            field.removeAll(keepingCapacity: true)
            let index = record.fields.count
            if input.peek() == ByteInput.quote {
                guard readQuotedPart(of: &record, index: index) else { return record }
            }
            readUnquotedPart(of: &record, index: index)
            appendField(to: &record, index: index)
            guard let terminator = input.peek() else {
                finished = true
                break
            }
            input.advance()
            if terminator == ByteInput.comma { continue }
            if terminator == ByteInput.carriageReturn {
                if input.peek() == ByteInput.lineFeed {
                    input.advance()
                } else {
                    note(.strayCarriageReturn, index, Self.strayCarriageReturnMessage, in: &record)
                }
            }
            line += 1
            break
        }
        expectedCount = record.fields.count
        if record.problem == nil, let failure = input.readFailure {
            record.problem = Problem(code: .unreadableFile, fieldIndex: 0, message: "the file could not be read to the end: \(failure)")
        }
        return record
    }

    /// Skips empty lines; false at the end of the input.
    private mutating func skipBlankLines() -> Bool {
        while let byte = input.peek() {
            if byte == ByteInput.lineFeed {
                input.advance()
                line += 1
            } else if byte == ByteInput.carriageReturn {
                input.advance()
                if input.peek() == ByteInput.lineFeed {
                    input.advance()
                } else {
                    pendingStrayCarriageReturn = true
                }
                line += 1
            } else {
                return true
            }
        }
        return false
    }

    /// Reads from an opening quote to its closing quote; false (with the problem noted) when the
    /// input ends first.
    private mutating func readQuotedPart(of record: inout RawRecord, index: Int) -> Bool {
        let openingLine = line
        input.advance()
        while true {
            input.appendQuotedRun(into: &field)
            guard let byte = input.peek() else {
                finished = true
                appendField(to: &record, index: index)
                note(.unterminatedQuote, index, "the quote opened on line \(openingLine) is never closed; "
                    + "a quoted field must end with \" and every \" inside it must be doubled (\"\")", in: &record)
                return false
            }
            input.advance()
            if byte == ByteInput.lineFeed {
                line += 1
                field.append(byte)
            } else if input.peek() == ByteInput.quote {
                input.advance()
                field.append(ByteInput.quote)
            } else {
                break
            }
        }
        if let next = input.peek(), next != ByteInput.comma, next != ByteInput.lineFeed, next != ByteInput.carriageReturn {
            note(.textAfterQuote, index, "text after the closing quote of a quoted field; put the whole value "
                + "inside the quotes and double any \" in it (\"\")", in: &record)
        }
        return true
    }

    /// Reads an unquoted field (or the rest of a field after a misplaced closing quote).
    private mutating func readUnquotedPart(of record: inout RawRecord, index: Int) {
        while true {
            input.appendUnquotedRun(into: &field)
            guard input.peek() == ByteInput.quote else { return }
            note(.strayQuote, index, "a \" inside a field that is not quoted; quote the whole field and double "
                + "the \" (\"5\"\" screen\")", in: &record)
            input.advance()
            field.append(ByteInput.quote)
        }
    }

    private mutating func appendField(to record: inout RawRecord, index: Int) {
        let text = field.withUnsafeBufferPointer { bytes -> String? in
            // ASCII is valid UTF-8; checking for it is cheaper than the general validation.
            bytes.allSatisfy { $0 < 0x80 } ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
        }
        if let text {
            record.fields.append(text)
        } else {
            record.fields.append(String(decoding: field, as: UTF8.self))
            note(.invalidUTF8, index, "the text is not UTF-8; save the file as \"CSV UTF-8\" (in Excel) or "
                + "convert it to UTF-8", in: &record)
        }
    }

    private static let strayCarriageReturnMessage = "a carriage return without a line feed ends this line; "
        + "save the file with Windows (CRLF) or Unix (LF) line ends"

    private func note(_ code: CSVError.Code, _ index: Int, _ message: String, in record: inout RawRecord) {
        if record.problem == nil {
            record.problem = Problem(code: code, fieldIndex: index, message: message)
        }
    }
}
