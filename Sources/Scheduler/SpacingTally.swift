import Calendars
import Campaigns

/// One customer's mails that count against the caps across days (the send ledger's deliveries
/// whose status ``Store/LedgerStatus/countsTowardCap``, and what the simulation plans), and the
/// first of those caps a further mail would break.
///
/// Every rule is checked in both directions, so a mail already in the ledger on a later day (a
/// plan made earlier) counts as much as one before: "at most N in any 7 days in a row" holds for
/// every 7 days that contain the day.
struct SpacingTally {
    /// A counted mail: its local day and campaign.
    struct Mail: Hashable {
        let day: LocalDate
        let campaignID: String
    }

    private(set) var mails: [Mail]

    init(_ handedOver: [HandedOverDelivery]) {
        mails = handedOver.filter(\.status.countsTowardCap).map { Mail(day: $0.day, campaignID: $0.occurrence.campaignID) }
    }

    /// Counts a mail planned on `day`.
    mutating func add(day: LocalDate, campaignID: String) {
        mails.append(Mail(day: day, campaignID: campaignID))
    }

    /// The first rule a mail of `campaign` on `day` breaks, in this order: the campaign's cooldown,
    /// the calendar's days between mails, its weekly and monthly caps, the customer's own cap.
    func hold(_ campaign: Campaign, on day: LocalDate, spacing: SpacingRules, customerCap: CustomerFrequencyCap?) -> SpacingHold? {
        guard !mails.isEmpty else { return nil }
        if let days = campaign.cooldownDays,
           let mail = nearest(mails.filter { $0.campaignID == campaign.id && abs(day.days(until: $0.day)) < days }, to: day) {
            return SpacingHold(rule: .cooldown(campaignID: campaign.id, days: days), lastDay: mail.day, lastCampaignID: mail.campaignID)
        }
        if let days = spacing.minDaysBetween, let mail = nearest(mails.filter { abs(day.days(until: $0.day)) < days }, to: day) {
            return SpacingHold(rule: .daysBetween(days), lastDay: mail.day, lastCampaignID: mail.campaignID)
        }
        let rolling: [(rule: SpacingHold.Rule, mails: Int, days: Int)] =
            (spacing.maxPerWeek.map { [(.week($0), $0, 7)] } ?? []) + (spacing.maxPerMonth.map { [(.month($0), $0, 30)] } ?? [])
            + (customerCap.map { [(.customer($0), $0.mails, $0.days)] } ?? [])
        for cap in rolling {
            if let mail = full(days: cap.days, mails: cap.mails, around: day) {
                return SpacingHold(rule: cap.rule, lastDay: mail.day, lastCampaignID: mail.campaignID)
            }
        }
        return nil
    }

    /// A mail of a stretch of `days` local days containing `day` that already holds `limit` mails,
    /// or nil when every such stretch has room for one more.
    private func full(days: Int, mails limit: Int, around day: LocalDate) -> Mail? {
        let near = mails.filter { abs(day.days(until: $0.day)) < days }
        guard near.count >= limit else { return nil }
        for offset in 0..<days {
            let first = day.adding(days: offset - days + 1)
            let inside = near.filter { first <= $0.day && $0.day <= first.adding(days: days - 1) }
            if inside.count >= limit { return nearest(inside, to: day) }
        }
        return nil
    }

    /// The latest of `mails` on or before `day`, else the earliest after it.
    private func nearest(_ mails: [Mail], to day: LocalDate) -> Mail? {
        mails.filter { $0.day <= day }.max { $0.day < $1.day } ?? mails.min { $0.day < $1.day }
    }
}
