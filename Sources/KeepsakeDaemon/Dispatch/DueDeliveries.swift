import Calendars
import Campaigns
import Foundation
import Scheduler
import Store

/// The planner's entries as send-ledger rows (``DayPlanner`` writes them when it plans a day).
struct DueDeliveries {
    let files: CampaignFiles
    let store: KeepsakeStore

    func row(_ delivery: PlannedDelivery, status: LedgerStatus, droppedBy: String?, now: Date) -> LedgerDelivery {
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
