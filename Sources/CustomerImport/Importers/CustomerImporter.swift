import Foundation
import Store

/// Imports a customer file (Keepsake's own format, or a shop export through a mapping) into the
/// store: upserts customers by id and records the consent changes rows state.
///
/// ```swift
/// let importer = CustomerImporter(store: store, options: ImportOptions(mapping: .identity(.customers)))
/// let report = try importer.run(path: "customers.csv")
/// for problem in report.problems { print(problem) }   // customers.csv:42: email: invalid email address …
/// ```
public struct CustomerImporter: Sendable {
    /// The store written to.
    public let store: KeepsakeStore
    /// Mapping, mode and progress callback.
    public let options: ImportOptions

    /// An importer into `store`.
    public init(store: KeepsakeStore, options: ImportOptions) {
        self.store = store
        self.options = options
    }

    /// Imports the file at `path`.
    ///
    /// Problems with the file (malformed CSV, invalid values, a header without an email column)
    /// are listed in the report, not thrown; without ``ImportOptions/rejectsPath`` any problem
    /// leaves the store unchanged.
    ///
    /// - Throws: a `StoreError` when the store fails, or a ``CSVError`` when the rejects file
    ///   cannot be written; the store is then unchanged.
    public func run(path: String) throws -> ImportReport {
        try ImportDriver(store: store, options: options, path: path).run { header, file, modified throws(ImportProblemList) in
            CustomerRowHandler(validator: try CustomerRowValidator(
                mapping: options.mapping, header: header, file: file, fileModified: modified))
        }
    }
}

struct CustomerRowHandler: RowHandler {
    var validator: CustomerRowValidator

    mutating func check(_ record: CSVRecord) -> RowCheck<ValidatedCustomer> {
        switch validator.validate(record) {
        case .success(let customer): return .valid(customer)
        case .failure(let list): return .invalid(list)
        }
    }

    func write(_ customer: ValidatedCustomer, to session: ImportSession, report: inout ImportReport) throws -> [ImportProblem] {
        switch try session.upsert(customer.record) {
        case .inserted: report.inserted += 1
        case .updated: report.updated += 1
        case .unchanged: report.unchanged += 1
        case .skippedForgotten: report.skippedForgotten += 1
        }
        guard let consent = customer.consent else { return [] }
        switch try session.observeConsent(consent, email: customer.record.email, customerID: customer.record.id) {
        case .recorded: report.consentRecorded += 1
        case .unchanged: report.consentUnchanged += 1
        case .olderThanLedger: report.consentOlderThanLedger += 1
        case .refusedForgotten: report.consentRefused += 1
        }
        return []
    }
}
