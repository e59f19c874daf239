import Calendars
import Foundation
import Store

/// Works out a ``Report`` from the store: the period's ledger rows, every order, the consent
/// ledger's withdrawals and the period's order attributions, read once each.
public struct ReportBuilder: Sendable {
    let store: KeepsakeStore

    public init(store: KeepsakeStore) {
        self.store = store
    }

    /// One customer's orders, by time.
    struct Purchase {
        var placedAt: Date
        var total: Decimal
    }

    /// The report for `request`.
    public func build(_ request: ReportRequest) throws -> Report {
        var purchases: [String: [Purchase]] = [:]
        try store.reportOrders { order in
            purchases[order.customerID, default: []].append(Purchase(placedAt: order.placedAt, total: order.total))
        }
        for key in purchases.keys { purchases[key]!.sort { $0.placedAt < $1.placedAt } }
        let optOuts = try store.reportOptOuts()
        let window = TimeInterval(ReportRequest.conversionWindowDays * 86_400)

        var results: [String: CampaignResult] = [:]
        var wonBack = Set<String>()
        try store.reportDeliveries(days: request.days) { batch in
            for delivery in batch {
                let key = delivery.campaignID + "\u{0}" + delivery.segment
                var result = results[key] ?? CampaignResult(campaignID: delivery.campaignID, segment: delivery.segment)
                result.eligible += 1
                if delivery.bounced { result.bounced += 1 }
                if delivery.complained { result.complaints += 1 }
                let after = Self.window(purchases[delivery.customerID ?? ""] ?? [], after: delivery.dueAt, length: window)
                var conversion = result.conversion
                switch delivery.status {
                case .sent:
                    result.sent += 1
                    result.mailedRevenue += after.revenue
                    conversion = ConversionTest(
                        mailed: conversion.mailed + 1, mailedConversions: conversion.mailedConversions + (after.orders > 0 ? 1 : 0),
                        heldOut: conversion.heldOut, heldOutConversions: conversion.heldOutConversions)
                    let withdrawals = optOuts[delivery.customerID ?? ""] ?? []
                    if withdrawals.contains(where: { $0 > delivery.dueAt && $0 <= delivery.dueAt + window }) { result.unsubscribes += 1 }
                    if after.orders > 0, request.winBackCampaigns.contains(delivery.campaignID), let customer = delivery.customerID {
                        wonBack.insert(customer)
                    }
                case .heldOut:
                    result.heldOut += 1
                    result.heldOutRevenue += after.revenue
                    conversion = ConversionTest(
                        mailed: conversion.mailed, mailedConversions: conversion.mailedConversions,
                        heldOut: conversion.heldOut + 1, heldOutConversions: conversion.heldOutConversions + (after.orders > 0 ? 1 : 0))
                default:
                    break
                }
                result.conversion = conversion
                results[key] = result
            }
        }
        let utc = Self.utc
        for attributed in try store.campaignResults(
            placedFrom: request.days.lowerBound.instant(hour: 0, minute: 0, in: utc), to: request.end) {
            let key = attributed.campaignID + "\u{0}" + attributed.segment
            var result = results[key] ?? CampaignResult(campaignID: attributed.campaignID, segment: attributed.segment)
            result.attributedOrders = attributed.attributedOrders
            result.attributedRevenue = attributed.revenue
            result.redemptions = attributed.redemptions
            results[key] = result
        }
        var retention = Self.retention(purchases, request: request)
        retention.wonBackCustomers = wonBack.count
        return Report(
            from: request.days.lowerBound, to: request.days.upperBound, conversionWindowDays: ReportRequest.conversionWindowDays,
            churnDays: request.churnDays, campaigns: results.values.sorted { ($0.campaignID, $0.segment) < ($1.campaignID, $1.segment) },
            retention: retention)
    }

    /// The orders and revenue of `purchases` placed after `start` and no later than `length` seconds after it.
    static func window(_ purchases: [Purchase], after start: Date, length: TimeInterval) -> (orders: Int, revenue: Decimal) {
        var low = 0, high = purchases.count
        while low < high {
            let middle = (low + high) / 2
            if purchases[middle].placedAt <= start { low = middle + 1 } else { high = middle }
        }
        var orders = 0
        var revenue: Decimal = 0
        while low < purchases.count, purchases[low].placedAt <= start + length {
            orders += 1
            revenue += purchases[low].total
            low += 1
        }
        return (orders, revenue)
    }

    /// The retention figures over the orders placed before the period's end.
    static func retention(_ purchases: [String: [Purchase]], request: ReportRequest) -> Retention {
        let end = request.end
        let churnedBefore = end - TimeInterval(request.churnDays * 86_400)
        let lastMonth = MonthNumber.of(LocalDate(end - 1, in: utc))
        let firstCohort = lastMonth - 11
        var retention = Retention()
        var cohortCustomers = [Int](repeating: 0, count: 12)
        var cohortActive = (0..<12).map { [Int](repeating: 0, count: 12 - $0) }
        for orders in purchases.values {
            let counted = orders.prefix { $0.placedAt < end }
            guard let first = counted.first, let last = counted.last else { continue }
            retention.customers += 1
            retention.orders += counted.count
            for order in counted { retention.revenue += order.total }
            if counted.count >= 2 { retention.repeatCustomers += 1 }
            if last.placedAt < churnedBefore { retention.churnedCustomers += 1 }
            let cohort = MonthNumber.of(LocalDate(first.placedAt, in: utc))
            guard cohort >= firstCohort else { continue }
            let index = cohort - firstCohort
            cohortCustomers[index] += 1
            let months = Set(counted.map { MonthNumber.of(LocalDate($0.placedAt, in: utc)) - cohort })
            for offset in months where offset < cohortActive[index].count { cohortActive[index][offset] += 1 }
        }
        retention.cohorts = (0..<12).map { index in
            Cohort(month: MonthNumber.text(firstCohort + index), customers: cohortCustomers[index], active: cohortActive[index])
        }
        return retention
    }

    static let utc = TimeZone(identifier: "UTC")!
}

/// Months counted from year 0: `year · 12 + month − 1`.
enum MonthNumber {
    static func of(_ date: LocalDate) -> Int { date.year * 12 + date.month - 1 }

    /// `YYYY-MM`.
    static func text(_ number: Int) -> String {
        let month = number % 12 + 1
        return "\(number / 12)-\(month < 10 ? "0" : "")\(month)"
    }
}
