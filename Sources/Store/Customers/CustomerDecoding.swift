import Calendars
import Foundation
import Mail

extension CustomerRecord {
    /// The columns ``init(row:)`` reads, in the order a query selects them (`SELECT \(selection)
    /// FROM customers …`): read by position, a row's values need no look-up of their column's name.
    private enum Column: Int, CaseIterable {
        case id, email, firstName, lastName, locale, timeZone, country, calendar, birthday, firstOrderAt, lastOrderAt
        case ordersCount, totalSpent, currency, tags, attributes

        /// The column's name in the table.
        var name: String { Self.names[rawValue] }

        private static let names = [
            "id", "email", "first_name", "last_name", "locale", "timezone", "country", "calendar", "birthday",
            "first_order_at", "last_order_at", "orders_count", "total_spent", "currency", "tags", "attributes",
        ]
    }

    /// The columns ``init(row:)`` reads, as a `SELECT` list.
    static let selection = Column.allCases.map(\.name).joined(separator: ", ")

    /// Reads a `customers` row selected as ``selection``, by position (on either engine), throwing
    /// `corruptData` naming the column that cannot be read.
    init(row: StoreRow) throws {
        func text(_ column: Column) throws -> String { try row[column.rawValue] }
        func optionalText(_ column: Column) throws -> String? { try row[column.rawValue] }
        let id = try text(.id)
        func failure(_ column: Column, _ expected: String) -> StoreError {
            StoreError.corrupt(
                table: "customers", row: "customer \(id)", column: column.name,
                value: (try? row.value(at: column.rawValue))?.storedText, expected: expected)
        }
        guard let email = try? EmailAddress(try text(.email)) else { throw failure(.email, "an email address") }
        guard let calendar = CalendarSystem(rawValue: try text(.calendar)) else {
            throw failure(.calendar, "one of \(CalendarSystem.spellings)")
        }
        guard let totalSpent = StoredText.decimal(try text(.totalSpent)) else { throw failure(.totalSpent, "a number") }
        var birthday: CalendarDate?
        if let birthdayText = try optionalText(.birthday) {
            guard let date = try? CalendarDate(parsing: birthdayText, in: calendar) else {
                throw failure(.birthday, "a \(calendar.rawValue) date")
            }
            birthday = date
        }
        func pointInTime(_ column: Column) throws -> PointInTime? {
            guard let written = try optionalText(column) else { return nil }
            guard let value = try? PointInTime(parsing: written) else { throw failure(column, "an ISO 8601 date or instant") }
            return value
        }
        var attributes: [String: String] = [:]
        if let json = try optionalText(.attributes), json != "{}" {
            guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else {
                throw failure(.attributes, "a JSON object of strings")
            }
            attributes = decoded
        }
        let tags = try optionalText(.tags)
        self.init(
            id: id, email: email, firstName: try optionalText(.firstName), lastName: try optionalText(.lastName),
            locale: try optionalText(.locale), timeZone: try optionalText(.timeZone), country: try optionalText(.country),
            calendar: calendar, birthday: birthday, firstOrderAt: try pointInTime(.firstOrderAt),
            lastOrderAt: try pointInTime(.lastOrderAt), ordersCount: try row[Column.ordersCount.rawValue],
            totalSpent: totalSpent, currency: try optionalText(.currency),
            tags: tags.map { $0.split(separator: ";").map(String.init) } ?? [], attributes: attributes)
    }
}
