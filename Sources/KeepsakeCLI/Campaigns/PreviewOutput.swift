import Foundation
import Scheduler
import Templates

/// Where `keepsake preview` puts what it found: a table or JSON lines on standard output, and
/// the messages as files under `--out`. JSON lines are printed as they come; a table's rows are
/// spooled to a file (its column widths are known at the end), so memory stays flat however
/// many deliveries a day holds.
final class PreviewOutput {
    private let format: ListFormat
    private let outDirectory: URL?
    private let table: TableSpool?
    private(set) var failures = 0
    private var count = 0

    init(format: ListFormat, outDirectory: String?) throws {
        self.format = format
        self.outDirectory = outDirectory.map { URL(fileURLWithPath: $0) }
        table = format == .table
            ? try TableSpool(header: ["send at", "campaign", "customer", "email", "segment", "locale", "status", "subject"]) : nil
        if let directory = self.outDirectory {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
    }

    /// Lists `delivery` with its rendered subject and locale; with `--out`, `bytes` are its composed
    /// message, written out when it goes out.
    func add(_ delivery: PlannedDelivery, rendered: RenderedMessage, bytes: [UInt8]) throws {
        count += 1
        let subject = rendered.subject
        switch format {
        case .json:
            print(JSONLine.object([
                ("campaign", delivery.campaignID), ("customer", delivery.customerID), ("email", delivery.email),
                ("segment", delivery.segment), ("template", delivery.template), ("locale", rendered.locale.description),
                ("send_at", delivery.sendAtText), ("status", delivery.statusText), ("subject", subject),
            ]))
        case .table:
            try table?.append([delivery.sendAtText, delivery.campaignID, delivery.customerID, delivery.email,
                              delivery.segment, rendered.locale.description, delivery.statusText, subject])
        }
        // A delivery the daemon already planned (in the ledger, not yet sent) goes out too.
        if let outDirectory, delivery.status == .planned || delivery.status == .handedOver(.planned) {
            let base = "\(delivery.day)-\(delivery.campaignID)-\(Self.safeName(delivery.customerID))"
            try Data(bytes).write(to: outDirectory.appendingPathComponent(base + ".eml"))
            try Data(rendered.html.utf8).write(to: outDirectory.appendingPathComponent(base + ".html"))
        }
    }

    func addFailure(_ delivery: PlannedDelivery, error: any Error) {
        failures += 1
        printError("keepsake preview: \(delivery.campaignID) for customer \(delivery.customerID) (template \(delivery.template), locale \(delivery.locale)): \(error)")
    }

    func finish() throws {
        if format == .table {
            if count > 0 { try table?.print() }
            print("\(count) deliver\(count == 1 ? "y" : "ies")\(outDirectory.map { "; messages written to \($0.path)" } ?? "")")
        }
    }

    /// A customer id usable in a file name.
    static func safeName(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
