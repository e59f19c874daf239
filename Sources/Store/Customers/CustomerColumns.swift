import Calendars
import Foundation

/// How a ``CustomerRecord`` is laid out in the `customers` table, including the keys derived
/// from it that the planner looks customers up by.
enum CustomerColumns {
    /// The columns an import writes, in binding order (`id`, `created_at` and `updated_at` apart).
    static let names = [
        "email_normalized", "email", "first_name", "last_name", "locale", "timezone", "country", "calendar",
        "birthday", "birthday_month_day", "first_order_at", "first_order_local_date", "first_order_month_day",
        "last_order_at", "last_order_local_date", "orders_count", "total_spent", "currency", "tags", "attributes",
    ]

    /// The zone of a stored customer's `timezone` (through ``TimeZoneNames``); a missing or unknown name is UTC.
    static func zone(named name: String?) -> TimeZone {
        name.flatMap(TimeZoneNames.zone(named:)) ?? TimeZone(identifier: "UTC")!
    }

    /// The values of ``names`` for a record.
    static func values(of record: CustomerRecord) -> [(any StoreValueConvertible)?] {
        let zone = Self.zone(named: record.timeZone)
        let firstOrderDate = record.firstOrderAt?.localDate(in: zone)
        return [
            record.email.normalizedForStore,
            record.email.description,
            record.firstName,
            record.lastName,
            record.locale,
            record.timeZone,
            record.country,
            record.calendar.rawValue,
            record.birthday?.description,
            record.birthday?.monthDayKey,
            record.firstOrderAt?.description,
            firstOrderDate?.description,
            firstOrderDate.map { record.calendar.calendarDate(for: $0).monthDayKey },
            record.lastOrderAt?.description,
            record.lastOrderAt?.localDate(in: zone).description,
            record.ordersCount,
            StoredText.decimal(record.totalSpent),
            record.currency,
            record.tags.isEmpty ? nil : record.tags.joined(separator: ";"),
            attributesJSON(record.attributes),
        ]
    }

    /// The attributes as a JSON object with sorted keys, so that equal attributes are equal text.
    static func attributesJSON(_ attributes: [String: String]) -> String {
        if attributes.isEmpty { return "{}" }
        var json = "{"
        for (index, key) in attributes.keys.sorted().enumerated() {
            if index > 0 { json += "," }
            appendJSONString(key, to: &json)
            json += ":"
            appendJSONString(attributes[key]!, to: &json)
        }
        return json + "}"
    }

    private static func appendJSONString(_ text: String, to json: inout String) {
        json += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    json.unicodeScalars.append(scalar)
                }
            }
        }
        json += "\""
    }
}
