import Foundation
import Testing
@testable import CustomerImport

@Suite("CSV reader")
struct CSVReaderTests {
    private func records(_ text: String) throws -> (header: [String], records: [CSVRecord]) {
        try records(Array(text.utf8))
    }

    private func records(_ bytes: [UInt8]) throws -> (header: [String], records: [CSVRecord]) {
        let reader = try CSVReader(bytes: bytes)
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return (reader.header, records)
    }

    /// Every record's error, going on after each.
    private func errors(_ text: String) throws -> [CSVError] {
        let reader = try CSVReader(bytes: Array(text.utf8))
        var errors: [CSVError] = []
        while true {
            do {
                guard try reader.next() != nil else { break }
            } catch {
                errors.append(error)
            }
        }
        return errors
    }

    @Test func readsQuotedCommasDoubledQuotesAndLineBreaksWithPhysicalLines() throws {
        let text = "id,name,note\n1,\"Karimi, Sara\",\"said \"\"hi\"\"\"\n2,Ali,\"two\nlines\"\n3,,\n"
        let (header, records) = try records(text)
        #expect(header == ["id", "name", "note"])
        #expect(records.map(\.fields) == [
            ["1", "Karimi, Sara", "said \"hi\""], ["2", "Ali", "two\nlines"], ["3", "", ""],
        ])
        #expect(records.map(\.line) == [2, 3, 5])
    }

    @Test func skipsTheByteOrderMarkAndReadsCRLF() throws {
        let (header, records) = try records([0xEF, 0xBB, 0xBF] + Array("id,name\r\n1,\"a\r\nb\"\r\n2,محمد\r\n".utf8))
        #expect(header == ["id", "name"])
        #expect(records.map(\.fields) == [["1", "a\r\nb"], ["2", "محمد"]])
        #expect(records.map(\.line) == [2, 4])
    }

    @Test func skipsBlankLinesButCountsThem() throws {
        let (_, records) = try records("id\n\n1\n\r\n2")
        #expect(records.map(\.fields) == [["1"], ["2"]])
        #expect(records.map(\.line) == [3, 5])
    }

    @Test func namesTheLineAnUnclosedQuoteOpenedOn() throws {
        let errors = try errors("id,name\n1,ok\n2,\"Sara\n3,Ali\n")
        #expect(errors.map(\.code) == [.unterminatedQuote])
        #expect(errors.first?.description.hasPrefix("3: name: the quote opened on line 3 is never closed") == true)
    }

    @Test func refusesStrayQuotesAndTextAfterAClosingQuoteAndGoesOn() throws {
        let errors = try errors("id,name\n1,5\" screen\n2,\"a\"b\n3,fine\n4,x,y\n5\n")
        #expect(errors.map(\.code) == [.strayQuote, .textAfterQuote, .wrongColumnCount, .wrongColumnCount])
        #expect(errors.map(\.line) == [2, 3, 5, 6])
        #expect(errors.map(\.column) == ["name", "name", "column 3", "name"])
    }

    @Test func refusesBytesThatAreNotUTF8AndGoesOn() throws {
        let reader = try CSVReader(bytes: Array("id,name\n1,".utf8) + [0x4D, 0xFC, 0x6C] + Array("\n2,ok\n".utf8))
        #expect { try reader.next() } throws: { error in
            let error = error as? CSVError
            return error?.code == .invalidUTF8 && error?.description.hasPrefix("2: name: the text is not UTF-8") == true
        }
        #expect(try reader.next()?.fields == ["2", "ok"])
    }

    @Test func refusesAHeaderWithAnEmptyOrRepeatedName() {
        #expect(throws: CSVError(.emptyHeaderName, line: 1, column: "column 2",
                                 "the header gives this column no name; name it or remove the column")) {
            try CSVReader(bytes: Array("id, ,email\n".utf8))
        }
        #expect { try CSVReader(bytes: Array("id,email,Email,email\n".utf8)) } throws: { error in
            (error as? CSVError)?.code == .duplicateHeaderName && (error as? CSVError)?.column == "email"
        }
        #expect { try CSVReader(bytes: []) } throws: { ($0 as? CSVError)?.code == .emptyFile }
    }

    @Test func readsAFileAcrossChunkBoundariesAsItReadsMemory() throws {
        var text = "id,name,note\n"
        for index in 0..<20_000 {
            text += "\(index),\"نام \(index), \"\"q\"\"\",\"line\nbreak \(index)\"\n"
        }
        let fixture = try ImportFixture()
        let path = try fixture.write(text, to: "large.csv")
        let fileReader = try CSVReader(path: path)
        var fromFile: [CSVRecord] = []
        while let record = try fileReader.next() { fromFile.append(record) }
        #expect(fromFile == (try records(text)).records)
        #expect(fromFile.count == 20_000)
        #expect(fromFile.last?.line == 2 + 19_999 * 2)
        #expect(fileReader.bytesRead == text.utf8.count)
        #expect(fileReader.fileSize == text.utf8.count)
    }

    @Test func writesFieldsTheReaderReadsBack() throws {
        let fixture = try ImportFixture()
        let path = fixture.path("written.csv")
        let rows = [["1", "Karimi, Sara", "said \"hi\""], ["2", " padded ", "two\nlines"], ["3", "", "محمد"]]
        let writer = try CSVWriter(path: path, header: ["id", "name", "note"])
        for row in rows { writer.write(row) }
        try writer.finish()
        let reader = try CSVReader(path: path)
        var read: [[String]] = []
        while let record = try reader.next() { read.append(record.fields) }
        #expect(read == rows)
    }

    @Test func writesRFC4180LineEndsAndCanRefuseAnExistingFile() throws {
        let fixture = try ImportFixture()
        let path = fixture.path("crlf.csv")
        let writer = try CSVWriter(path: path, header: ["code", "note"], lineEnding: .crlf, createNew: true)
        writer.write(["BDAY-7KQ2M9XDF3", "two\nlines"])
        try writer.finish()
        let bytes = try String(contentsOfFile: path, encoding: .utf8)
        #expect(bytes == "code,note\r\nBDAY-7KQ2M9XDF3,\"two\nlines\"\r\n")
        let reader = try CSVReader(path: path)
        #expect(try reader.next()?.fields == ["BDAY-7KQ2M9XDF3", "two\nlines"])
        #expect(throws: CSVError.self) { try CSVWriter(path: path, header: ["x"], createNew: true) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == bytes, "the existing file is left as it was")
    }
}
