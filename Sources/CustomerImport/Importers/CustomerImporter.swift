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
    /// The calendar's topics, which a `topics_left` column may name; nil when the calendar could
    /// not be read (a file with that column is then refused).
    public let topics: [String]?

    /// An importer into `store`, for a calendar with `topics`.
    public init(store: KeepsakeStore, options: ImportOptions, topics: [String]? = nil) {
        self.store = store
        self.options = options
        self.topics = topics
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
                mapping: options.mapping, header: header, file: file, fileModified: modified, topics: topics))
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
        let email = customer.record.email
        switch try session.observeConsent(consent, email: email, customerID: customer.record.id) {
        case .recorded: report.consentRecorded += 1
        case .unchanged: report.consentUnchanged += 1
        case .olderThanLedger: report.consentOlderThanLedger += 1
        case .refusedForgotten: report.consentRefused += 1
        }
        guard let topicsLeft = customer.topicsLeft else { return [] }
        // One event per topic whose consent changes, with the row's date and source: a left topic
        // is withdrawn, every other topic kept (writing nothing for a topic never left).
        for topic in validator.topics ?? [] {
            var observation = consent
            observation.status = topicsLeft.contains(topic) ? .optedOut : .optedIn
            observation.preference = .topic(topic)
            if case .recorded = try session.observeConsent(observation, email: email, customerID: customer.record.id) {
                report.topicChoicesRecorded += 1
            }
        }
        return []
    }
}
