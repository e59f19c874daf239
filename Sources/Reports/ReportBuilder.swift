import Calendars
import Foundation
import Store

/// Works out a ``Report`` from the store in one pass over its customers: each customer's counted
/// orders, ledger rows of the period and consent withdrawals come together
/// (``KeepsakeStore/reportCustomers(days:forgottenBatchSize:_:)``) and are folded into the
/// figures, so memory stays that of one customer however many orders the shop has; then the
/// period's order attributions.
public struct ReportBuilder: Sendable {
    let store: KeepsakeStore

    public init(store: KeepsakeStore) {
        self.store = store
    }

    /// The report for `request`.
    public func build(_ request: ReportRequest) throws -> Report {
        let window = TimeInterval(ReportRequest.conversionWindowDays * 86_400)
        var results: [String: CampaignResult] = [:]
        var retention = RetentionTally(end: request.end, churnDays: request.churnDays)
        try store.reportCustomers(days: request.days) { customer in
            retention.add(customer.orders)
            var wonBack = false
            for delivery in customer.deliveries {
                let key = delivery.campaignID + "\u{0}" + delivery.segment
                var result = results[key] ?? CampaignResult(campaignID: delivery.campaignID, segment: delivery.segment)
                result.eligible += 1
                if delivery.bounced { result.bounced += 1 }
                if delivery.complained { result.complaints += 1 }
                let after = Self.window(customer.orders, after: delivery.dueAt, length: window)
                var conversion = result.conversion
                switch delivery.status {
                case .sent:
                    result.sent += 1
                    result.mailedRevenue += after.revenue
                    conversion = ConversionTest(
                        mailed: conversion.mailed + 1, mailedConversions: conversion.mailedConversions + (after.orders > 0 ? 1 : 0),
                        heldOut: conversion.heldOut, heldOutConversions: conversion.heldOutConversions)
                    if customer.optOuts.contains(where: { $0 > delivery.dueAt && $0 <= delivery.dueAt + window }) { result.unsubscribes += 1 }
                    if after.orders > 0, request.winBackCampaigns.contains(delivery.campaignID), delivery.customerID != nil {
                        wonBack = true
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
            if wonBack { retention.wonBackCustomers += 1 }
        }
        for attributed in try store.campaignResults(
            placedFrom: request.days.lowerBound.instant(hour: 0, minute: 0, in: RetentionTally.utc), to: request.end) {
            let key = attributed.campaignID + "\u{0}" + attributed.segment
            var result = results[key] ?? CampaignResult(campaignID: attributed.campaignID, segment: attributed.segment)
            result.attributedOrders = attributed.attributedOrders
            result.attributedRevenue = attributed.revenue
            result.redemptions = attributed.redemptions
            results[key] = result
        }
        return Report(
            from: request.days.lowerBound, to: request.days.upperBound, conversionWindowDays: ReportRequest.conversionWindowDays,
            churnDays: request.churnDays, campaigns: results.values.sorted { ($0.campaignID, $0.segment) < ($1.campaignID, $1.segment) },
            retention: retention.retention)
    }

    /// The orders and revenue of `orders` (by time) placed after `start` and no later than `length` seconds after it.
    static func window(_ orders: [ReportOrder], after start: Date, length: TimeInterval) -> (orders: Int, revenue: Decimal) {
        var low = 0, high = orders.count
        while low < high {
            let middle = (low + high) / 2
            if orders[middle].placedAt <= start { low = middle + 1 } else { high = middle }
        }
        var count = 0
        var revenue: Decimal = 0
        while low < orders.count, orders[low].placedAt <= start + length {
            count += 1
            revenue += orders[low].total
            low += 1
        }
        return (count, revenue)
    }
}
