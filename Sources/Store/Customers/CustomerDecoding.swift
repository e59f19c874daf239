import Calendars
import Foundation
import GRDB
import Mail

extension CustomerRecord {
    /// Reads a `customers` row back, throwing `corruptData` naming the column that cannot be read.
    init(row: Row) throws {
        let id: String = row["id"]
        func failure(_ column: String, _ expected: String) -> StoreError {
            StoreError.corrupt(
                table: "customers", row: "customer \(id)", column: column, value: row[column], expected: expected)
        }
        guard let email = try? EmailAddress(row["email"] as String) else { throw failure("email", "an email address") }
        guard let calendar = CalendarSystem(rawValue: row["calendar"]) else {
            throw failure("calendar", "one of \(CalendarSystem.spellings)")
        }
        guard let totalSpent = StoredText.decimal(row["total_spent"]) else { throw failure("total_spent", "a number") }
        var birthday: CalendarDate?
        if let text: String = row["birthday"] {
            guard let date = try? CalendarDate(parsing: text, in: calendar) else {
                throw failure("birthday", "a \(calendar.rawValue) date")
            }
            birthday = date
        }
        func pointInTime(_ column: String) throws -> PointInTime? {
            guard let text: String = row[column] else { return nil }
            guard let value = try? PointInTime(parsing: text) else { throw failure(column, "an ISO 8601 date or instant") }
            return value
        }
        var attributes: [String: String] = [:]
        if let json: String = row["attributes"], json != "{}" {
            guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else {
                throw failure("attributes", "a JSON object of strings")
            }
            attributes = decoded
        }
        let tags: String? = row["tags"]
        self.init(
            id: id, email: email, firstName: row["first_name"], lastName: row["last_name"], locale: row["locale"],
            timeZone: row["timezone"], country: row["country"], calendar: calendar, birthday: birthday,
            firstOrderAt: try pointInTime("first_order_at"), lastOrderAt: try pointInTime("last_order_at"),
            ordersCount: row["orders_count"], totalSpent: totalSpent, currency: row["currency"],
            tags: tags.map { $0.split(separator: ";").map(String.init) } ?? [], attributes: attributes)
    }
}
