import Foundation
import Mail

extension KeepsakeStore {
    /// Everything held about the person at `email`: their customer rows, orders and consent
    /// events (found by digest, so erased history is included), and their consent now.
    public func export(email: EmailAddress) throws -> PersonalDataExport {
        let arguments = personArguments(email)
        return try database.read { db in
            var tables: [String: [[String: String]]] = [:]
            for table in PersonalDataTable.all {
                let rows = try db.rows(sql: "SELECT * FROM \(table.name) WHERE \(table.condition) ORDER BY \(table.orderBy)",
                    arguments: arguments)
                tables[table.name] = try rows.map(Self.columnTexts)
            }
            let digest = digests.digest(email)
            let forgotten = try db.value(Bool.self, sql: "SELECT 1 FROM erased_addresses WHERE email_digest = ?", arguments: [digest]) ?? false
            let status = try ConsentLedger.currentStatus(db: db, emailDigest: digest)
            return PersonalDataExport(
                email: email.normalizedForStore, exportedAt: StoredText.instant(Date()), forgotten: forgotten,
                currentConsent: status,
                preferences: PersonalPreferences(try ConsentLedger.preferences(db: db, emailDigest: digest)),
                tables: tables)
        }
    }

    /// Erases the person at `email`: deletes their customers and orders, clears the plain email,
    /// IP and customer id of their consent events (the digests and the chain stay, so the ledger
    /// still verifies and still shows they opted out), and remembers the address's digest so a
    /// later import never brings them back and no consent is recorded for them again.
    public func forget(email: EmailAddress) throws -> ForgetReport {
        let arguments = personArguments(email)
        let digest = digests.digest(email)
        // secure_delete overwrites the freed pages, and the checkpoint empties the write-ahead log,
        // so that no erased name or address stays readable anywhere in the database files.
        return try database.writeWithoutTransaction { db in
            let sqlite = db.engine == .sqlite
            if sqlite { try db.execute(sql: "PRAGMA secure_delete = ON") }
            defer { if sqlite { try? db.execute(sql: "PRAGMA secure_delete = OFF") } }
            var report: ForgetReport?
            try db.transaction(.deferred) {
                report = try erase(digest: digest, arguments: arguments, email: email, db: db)
                return .commit
            }
            if sqlite { try? db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            return report!
        }
    }

    private func erase(digest: String, arguments: StoreArguments, email: EmailAddress, db: any StoreConnection) throws -> ForgetReport {
        let already = try db.value(Bool.self, sql: "SELECT 1 FROM erased_addresses WHERE email_digest = ?", arguments: [digest]) ?? false
        var rowsByTable: [String: Int] = [:]
        for table in PersonalDataTable.all {
            switch table.erasure {
            case .deleteRows:
                try db.execute(sql: "DELETE FROM \(table.name) WHERE \(table.condition)", arguments: arguments)
            case .clearColumns(let columns):
                let assignments = columns.map { "\($0) = NULL" }.joined(separator: ", ")
                let anySet = columns.map { "\($0) IS NOT NULL" }.joined(separator: " OR ")
                try db.execute(
                    sql: "UPDATE \(table.name) SET \(assignments) WHERE (\(table.condition)) AND (\(anySet))",
                    arguments: arguments)
            }
            rowsByTable[table.name] = db.changesCount
        }
        try db.execute(
            sql: "INSERT INTO erased_addresses (email_digest, erased_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            arguments: [digest, StoredText.instant(Date())])
        return ForgetReport(
            email: email.normalizedForStore, rowsByTable: rowsByTable, wasAlreadyForgotten: already)
    }

    /// The numbered arguments of ``PersonalDataTable/condition``: `?1` the address, `?2` its digest.
    private func personArguments(_ email: EmailAddress) -> StoreArguments {
        [email.normalizedForStore, digests.digest(email)]
    }

    /// A row as column name → text, NULL columns left out.
    private static func columnTexts(_ row: StoreRow) throws -> [String: String] {
        var texts: [String: String] = [:]
        for (index, column) in row.columnNames.enumerated() { texts[column] = try row.value(at: index).storedText }
        return texts
    }
}
