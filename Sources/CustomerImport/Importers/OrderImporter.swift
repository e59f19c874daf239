import Foundation
import Store

/// Imports an order file (one row per order, or Shopify's one row per line item through the
/// `shopify-orders` mapping): each new order updates its customer's first and last order, order
/// count and total spent; an order imported before changes nothing.
public struct OrderImporter: Sendable {
    /// The store written to.
    public let store: KeepsakeStore
    /// Mapping, mode and progress callback.
    public let options: ImportOptions

    /// An importer into `store`.
    public init(store: KeepsakeStore, options: ImportOptions) {
        self.store = store
        self.options = options
    }

    /// Imports the file at `path`; problems are listed in the report as for ``CustomerImporter/run(path:)``.
    ///
    /// - Throws: a `StoreError` when the store fails, or a ``CSVError`` when the rejects file
    ///   cannot be written; the store is then unchanged.
    public func run(path: String) throws -> ImportReport {
        try ImportDriver(store: store, options: options, path: path).run { header, file, _ throws(ImportProblemList) in
            OrderRowHandler(validator: try OrderRowValidator(mapping: options.mapping, header: header, file: file))
        }
    }
}

struct OrderRowHandler: RowHandler {
    var validator: OrderRowValidator

    mutating func check(_ record: CSVRecord) -> RowCheck<ValidatedOrder> {
        switch validator.validate(record) {
        case .order(let order): return .valid(order)
        case .lineItem: return .passOver
        case .problems(let list): return .invalid(list)
        }
    }

    func write(_ order: ValidatedOrder, to session: ImportSession, report: inout ImportReport) throws {
        switch try session.recordOrder(order.record) {
        case .applied: report.ordersApplied += 1
        case .alreadyImported: report.ordersAlreadyImported += 1
        case .unknownCustomer: report.ordersUnknownCustomer += 1
        }
    }
}
