import Foundation
import Store

/// Imports an order file (Keepsake's own, Shopify's or WooCommerce's, one row per order or per
/// line item): each new counted order updates its customer's first and last order, order count
/// and total spent, redeems its Keepsake coupon codes and is attributed to a delivery
/// (``AttributionWindows``); an order imported before changes nothing unless the export gives it
/// another status. Orders of customers the store does not know are stored as guest orders.
public struct OrderImporter: Sendable {
    /// The store written to.
    public let store: KeepsakeStore
    /// Mapping, mode and progress callback.
    public let options: ImportOptions

    /// The attribution windows of the campaigns, from the calendar and campaign files.
    public let windows: AttributionWindows

    /// An importer into `store`.
    public init(store: KeepsakeStore, options: ImportOptions, windows: AttributionWindows = AttributionWindows()) {
        self.store = store
        self.options = options
        self.windows = windows
    }

    /// Imports the file at `path`; problems are listed in the report as for ``CustomerImporter/run(path:)``.
    ///
    /// - Throws: a `StoreError` when the store fails, or a ``CSVError`` when the rejects file
    ///   cannot be written; the store is then unchanged.
    public func run(path: String) throws -> ImportReport {
        try ImportDriver(store: store, options: options, path: path).run { header, file, _ throws(ImportProblemList) in
            OrderRowHandler(
                validator: try OrderRowValidator(mapping: options.mapping, header: header, file: file), file: file,
                windows: windows)
        }
    }
}

