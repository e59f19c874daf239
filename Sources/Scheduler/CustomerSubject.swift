import Calendars
import Campaigns
import Foundation
import Store

/// A customer record as segment conditions see it on one planned day: stored fields, attributes,
/// and the derived fields (days since orders, age, RFM scores) computed for that day.
struct CustomerSubject: SegmentSubject {
    let customer: CustomerRecord
    /// The customer's time zone, which gives their orders' local dates.
    let timeZone: TimeZone
    /// The customer's local day being planned.
    let day: LocalDate
    /// The store's quintiles, when some condition reads an RFM score.
    let rfm: RFMThresholds?

    func value(of field: SegmentField) -> SegmentValue? {
        switch field {
        case .id: return .text(customer.id)
        case .email: return .text(customer.email.description)
        case .firstName: return customer.firstName.map(SegmentValue.text)
        case .lastName: return customer.lastName.map(SegmentValue.text)
        case .locale: return customer.locale.map(SegmentValue.text)
        case .timeZone: return customer.timeZone.map(SegmentValue.text)
        case .country: return customer.country.map(SegmentValue.text)
        case .calendar: return .text(customer.calendar.rawValue)
        case .birthday:
            guard let birthday = customer.birthday, birthday.year != nil,
                  let date = try? birthday.calendar.localDate(for: birthday) else { return nil }
            return .date(date)
        case .firstOrderAt: return firstOrderDate.map(SegmentValue.date)
        case .lastOrderAt: return lastOrderDate.map(SegmentValue.date)
        case .ordersCount: return .number(Decimal(customer.ordersCount))
        case .totalSpent: return .number(customer.totalSpent)
        case .currency: return customer.currency.map(SegmentValue.text)
        case .tags: return .list(customer.tags)
        case .attribute(let name): return customer.attributes[name].map(SegmentValue.text)
        case .daysSinceLastOrder: return lastOrderDate.map { .number(Decimal($0.days(until: day))) }
        case .daysSinceFirstOrder: return firstOrderDate.map { .number(Decimal($0.days(until: day))) }
        case .age:
            return customer.birthday.flatMap { CustomerAge.years(birthday: $0, on: day) }.map { .number(Decimal($0)) }
        case .recency:
            return score(lastOrderDate.map { Double($0.dayNumber) }, \.recency)
        case .frequency:
            return score(Double(customer.ordersCount), \.frequency)
        case .monetary:
            return score(NSDecimalNumber(decimal: customer.totalSpent).doubleValue, \.monetary)
        }
    }

    func hasValue(_ field: SegmentField) -> Bool {
        if field == .birthday { return customer.birthday != nil }
        return value(of: field) != nil
    }

    private var firstOrderDate: LocalDate? { customer.firstOrderAt?.localDate(in: timeZone) }
    private var lastOrderDate: LocalDate? { customer.lastOrderAt?.localDate(in: timeZone) }

    /// An RFM score for a customer who ordered; nil without orders or thresholds.
    private func score(_ value: Double?, _ boundaries: KeyPath<RFMThresholds, [Double]>) -> SegmentValue? {
        guard customer.ordersCount > 0, let value, let rfm else { return nil }
        let list = rfm[keyPath: boundaries]
        guard !list.isEmpty else { return nil }
        return .number(Decimal(RFMThresholds.score(value, boundaries: list)))
    }
}
