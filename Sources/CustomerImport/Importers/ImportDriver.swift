import Foundation
import Store

/// What a row handler made of one row.
enum RowCheck<Value> {
    case valid(Value)
    /// A row that is neither imported nor a problem (a further line item of an order).
    case passOver
    case invalid(ImportProblemList)
}

/// The part of an import that differs between customers and orders: checking a row and writing
/// it. A row can be valid on its own and still refused against the store (an order in another
/// currency than its customer's): `write` then writes nothing and returns the row's problems.
protocol RowHandler {
    associatedtype Value
    mutating func check(_ record: CSVRecord) -> RowCheck<Value>
    func write(_ value: Value, to session: ImportSession, report: inout ImportReport) throws -> [ImportProblem]
    /// Whether `write` can refuse a row: then valid rows are written even after a problem (the
    /// session is rolled back all the same), so that every such refusal is listed too.
    static var refusesAgainstTheStore: Bool { get }
}

extension RowHandler {
    static var refusesAgainstTheStore: Bool { false }
}

/// Streams a file's rows through a ``RowHandler`` into one store session: all-or-nothing (every
/// problem listed, nothing kept if there is one), skip-invalid (good rows kept, bad rows to the
/// rejects file) or dry run (everything rolled back).
struct ImportDriver {
    let store: KeepsakeStore
    let options: ImportOptions
    let path: String

    /// Thrown out of the session body to roll it back.
    private struct RollBack: Error {}

    private var file: String { options.displayName ?? path }

    func run<Handler: RowHandler>(
        _ makeHandler: (_ header: [String], _ file: String, _ fileModified: Date?) throws(ImportProblemList) -> Handler
    ) throws -> ImportReport {
        var report = ImportReport(file: file)
        let reader: CSVReader
        var handler: Handler
        do {
            reader = try CSVReader(path: path)
            let modified = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            handler = try makeHandler(reader.header, file, modified)
        } catch let error as CSVError {
            report.add([ImportProblem(error, file: file)])
            report.refused = true
            return report
        } catch let list as ImportProblemList {
            report.add(list.problems)
            report.refused = true
            return report
        }
        let skipsInvalid = options.rejectsPath != nil
        // A dry run writes no file: it counts the rows the rejects file would get.
        let rejects = options.dryRun ? nil : try options.rejectsPath.map { rejectsPath throws(CSVError) in
            try CSVWriter(path: rejectsPath, header: reader.header + ["error"])
        }
        let writesEveryValidRow = options.dryRun || skipsInvalid
        let writer = handler
        let progress = options.progress
        let pipeline = RowPipeline(reader: reader, handler: handler) { rows in
            progress?(ImportProgress(rowsRead: rows, bytesRead: reader.bytesRead, fileSize: reader.fileSize))
        }
        defer { pipeline.stop() }
        do {
            try store.importSession(commit: !options.dryRun, recordedBy: "import \(file)") { session in
                // Customers, orders and the RFM quintiles change: every plan is made again.
                try session.changesEveryonesPlan(reason: "import")
                while let batch = pipeline.next() {
                    for row in batch {
                        report.rowsRead += 1
                        let problems: [ImportProblem]
                        let record: CSVRecord
                        switch row {
                        case .malformed(let csvError, let malformed):
                            problems = [ImportProblem(csvError, file: file)]
                            record = malformed
                        case .checked(.valid(let value), let valid):
                            guard report.problemCount == 0 || writesEveryValidRow || Handler.refusesAgainstTheStore
                            else { continue }
                            let refused = try writer.write(value, to: session, report: &report)
                            guard !refused.isEmpty else { continue }
                            problems = refused
                            record = valid
                        case .checked(.passOver, _):
                            report.lineItemRowsPassedOver += 1
                            continue
                        case .checked(.invalid(let list), let invalid):
                            problems = list.problems
                            record = invalid
                        }
                        report.add(problems)
                        if skipsInvalid {
                            report.rowsRejected += 1
                            rejects?.write(Self.rejectFields(record.fields, count: reader.header.count)
                                + [problems.map(\.description).joined(separator: "; ")])
                        }
                    }
                }
                report.refused = report.problemCount > 0 && !skipsInvalid
                if report.refused, !options.dryRun { throw RollBack() }
            }
            report.committed = !options.dryRun
        } catch is RollBack {
            report.clearOutcomes()
        }
        pipeline.stop()
        try rejects?.finish()
        reportProgress(reader, report)
        return report
    }

    private func reportProgress(_ reader: CSVReader, _ report: ImportReport) {
        options.progress?(ImportProgress(rowsRead: report.rowsRead, bytesRead: reader.bytesRead, fileSize: reader.fileSize))
    }

    /// A malformed row's fields, fitted to the header: missing fields empty, surplus fields joined
    /// back with commas into the last column (an unquoted comma is the usual cause).
    static func rejectFields(_ fields: [String], count: Int) -> [String] {
        if fields.count <= count { return fields + Array(repeating: "", count: count - fields.count) }
        return Array(fields[..<(count - 1)]) + [fields[(count - 1)...].joined(separator: ",")]
    }
}
