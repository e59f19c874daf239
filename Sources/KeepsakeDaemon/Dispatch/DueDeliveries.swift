import Calendars
import Campaigns
import Foundation
import Scheduler
import Store

/// The planning half of a tick: the planner's entries that are due by now, as send-ledger rows.
struct DueDeliveries {
    let files: CampaignFiles
    let store: KeepsakeStore

    /// Plans the customers' local days around `now` (every zone from UTC−12 to UTC+14) with the
    /// ledger as history and returns the entries due by `now`: planned ones whose send instant has
    /// come, with their coupon codes reserved, and drops decided on a day whose window has opened.
    func collect(now: Date) throws -> [LedgerDelivery] {
        var due = try plannedAndDropped(now: now)
        let planned = due.indices.filter { due[$0].status == .planned }
        let codes = try CouponCodes(store: store, composer: files.composer)
            .reserve(planned.compactMap { due[$0].occurrence }, reservedBy: "keepsake run", now: now)
        for index in planned { due[index].couponCode = due[index].occurrence.flatMap { codes[$0] } }
        return due
    }

    private func plannedAndDropped(now: Date) throws -> [LedgerDelivery] {
        let planner = Planner(
            calendar: files.calendar, campaigns: files.campaigns, store: store, history: LedgerHistory(store: store))
        let today = LocalDate(now, in: TimeZone(identifier: "UTC")!)
        var due: [LedgerDelivery] = []
        try planner.plan(now: now, days: today.adding(days: -1)...today.adding(days: 1)) { delivery in
            guard delivery.sendAt <= now else { return }
            switch delivery.status {
            case .planned: due.append(row(delivery, status: .planned, droppedBy: nil, now: now))
            case .dropped(let reason): due.append(row(delivery, status: .dropped, droppedBy: reason.droppedBy, now: now))
            case .deferred, .handedOver: return
            }
        }
        return due
    }

    private func row(_ delivery: PlannedDelivery, status: LedgerStatus, droppedBy: String?, now: Date) -> LedgerDelivery {
        let closes = files.calendar.sendWindow.closes
        let expiresAt = delivery.lastDay.instant(hour: closes.hour, minute: closes.minute, in: delivery.timeZone)
        return LedgerDelivery(
            campaignID: delivery.campaignID, customerID: delivery.customerID, occurrenceDate: delivery.occurrence.date,
            day: delivery.day, email: delivery.email, segment: delivery.segment, template: delivery.template,
            locale: delivery.locale, timeZone: delivery.timeZone, years: delivery.years, sendAt: delivery.sendAt,
            expiresAt: max(expiresAt, delivery.sendAt), messageID: delivery.messageID(envelope: files.composer.envelope),
            status: status,
            droppedBy: droppedBy, plannedAt: now)
    }
}

extension CampaignFiles {
    /// `instant` moved into the send window of the customer's local day (or the next day's
    /// window when that day's has closed): retries never reach a customer at night.
    func withinWindow(_ instant: Date, timeZone: TimeZone) -> Date {
        let window = calendar.sendWindow
        let day = LocalDate(instant, in: timeZone)
        let opens = day.instant(hour: window.opens.hour, minute: window.opens.minute, in: timeZone)
        let closes = day.instant(hour: window.closes.hour, minute: window.closes.minute, in: timeZone)
        if instant < opens { return opens }
        if instant < closes { return instant }
        return day.adding(days: 1).instant(hour: window.opens.hour, minute: window.opens.minute, in: timeZone)
    }
}
