import Foundation

/// What ``KeepsakeStore/copy(into:)`` copied.
public struct StoreCopySummary: Sendable, Hashable {
    /// Each table copied and its row count, by table name.
    public let rowsByTable: [String: Int]
    /// The consent ledger's head hash and event count, equal on both sides after the copy.
    public let consentHeadHash: String
    public let consentEventCount: Int

    /// Every row copied, all tables together.
    public var rowCount: Int { rowsByTable.values.reduce(0, +) }
}

extension KeepsakeStore {
    /// Copies this whole store into `target` (`keepsake store copy --to`): every table, in one read of
    /// this store (one consistent snapshot) and ONE write transaction on the target, so the target
    /// holds all of it or, on any error, none of it.
    ///
    /// The consent ledger's chain is verified here before anything is written and on the target
    /// before the copy commits, with this store's secret (copied along, so personal digests keep
    /// matching): both must be intact with the same head hash and count.
    ///
    /// `target` must be freshly made (opened, hence migrated, by this Keepsake) and hold nothing but
    /// its own secret: a target with any customer, order, consent event, delivery or other row is
    /// refused, naming the table, and left untouched. Open `target` again after the copy: the
    /// instance passed here still holds the secret it was made with.
    ///
    /// - Throws: `StoreError` `invalidArgument` (target not empty, ledger broken on either side,
    ///   tables that differ) or any error of either database, with nothing written to the target.
    public func copy(into target: KeepsakeStore) throws -> StoreCopySummary {
        try database.read { source in
            let tables = try StoreCopyTables.names(source)
            let verified = try LedgerVerifier.verify(db: source, digests: digests)
            guard case .intact(let headHash, let eventCount) = verified else {
                throw StoreError(
                    .invalidArgument,
                    "the consent ledger of \(path) does not verify (\(verified)); nothing was copied: run "
                        + "`keepsake consent verify` and restore the store from a backup before moving it")
            }
            let rowsByTable: [String: Int] = try target.database.write { destination in
                try StoreCopyTables.checkSame(tables, in: destination, targetName: target.path)
                try StoreCopyTables.checkEmpty(tables, in: destination, targetName: target.path)
                var rowsByTable: [String: Int] = [:]
                for table in tables {
                    rowsByTable[table] = try StoreCopyTables.copy(table, from: source, to: destination)
                }
                try StoreCopyTables.advanceKeySequences(tables, in: destination)
                let copied = try LedgerVerifier.verify(db: destination, digests: digests)
                guard copied == verified else {
                    throw StoreError(
                        .invalidArgument,
                        "the consent ledger copied into \(target.path) does not verify like the original (\(copied), "
                            + "expected \(verified)); nothing was kept in the target. This is a bug in Keepsake: "
                            + "please report it with both engines' versions")
                }
                return rowsByTable
            }
            return StoreCopySummary(rowsByTable: rowsByTable, consentHeadHash: headHash, consentEventCount: eventCount)
        }
    }
}
