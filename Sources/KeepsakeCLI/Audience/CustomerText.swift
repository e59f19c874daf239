import Calendars
import Foundation
import Store

/// `keepsake customers show`: one customer, one field per line.
enum CustomerText {
    static func describe(_ customer: CustomerRecord, consent: ConsentStatus?) -> String {
        var lines: [(String, String)] = [
            ("id", customer.id),
            ("email", customer.email.description),
            ("consent", consent?.rawValue ?? "none recorded (not mailed)"),
            ("first_name", customer.firstName ?? ""),
            ("last_name", customer.lastName ?? ""),
            ("locale", customer.locale ?? ""),
            ("timezone", customer.timeZone ?? ""),
            ("country", customer.country ?? ""),
            ("calendar", customer.calendar.rawValue),
            ("birthday", customer.birthday?.description ?? ""),
            ("first_order_at", customer.firstOrderAt?.description ?? ""),
            ("last_order_at", customer.lastOrderAt?.description ?? ""),
            ("orders_count", String(customer.ordersCount)),
            ("total_spent", "\(customer.totalSpent)"),
            ("currency", customer.currency ?? ""),
            ("tags", customer.tags.joined(separator: ";")),
        ]
        for name in customer.attributes.keys.sorted() {
            lines.append(("attributes.\(name)", customer.attributes[name] ?? ""))
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { label, value in
            label + ":" + String(repeating: " ", count: width - label.count + 1) + TextTable.singleLine(value)
        }.joined(separator: "\n")
    }
}
