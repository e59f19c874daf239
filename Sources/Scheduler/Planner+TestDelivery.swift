import Calendars
import Campaigns
import Foundation
import Store

extension Planner {
    /// The delivery `campaignID` would make for one customer today, whether or not its trigger is
    /// due: the segment they match first, its template, their locale, sent now. For
    /// `keepsake send-test --campaign --customer`, which mails it to a tester, never to the customer.
    ///
    /// - Throws: ``PlannerError`` for an unknown campaign or customer, or a customer who matches
    ///   none of the campaign's segments.
    public func testDelivery(campaignID: String, customer idOrEmail: String, now: Date) throws -> (PlannedDelivery, CustomerRecord) {
        guard let campaign = campaigns.first(where: { $0.id == campaignID }) else {
            let known = campaigns.map(\.id).joined(separator: ", ")
            throw PlannerError(.unknownCampaign, "no campaign has the id \(campaignID); the campaigns are \(known)")
        }
        return try store.readForPlanning { reader in
            let record = try customer(idOrEmail, reader: reader)
            let zone = calendar.timeZone(of: record)
            let today = LocalDate(now, in: zone)
            let rules = try rules(now: now, lastDay: today, reader: reader)
            let subject = CustomerSubject(customer: record, timeZone: zone, day: today, rfm: rules.rfm)
            guard let segment = campaign.segment(for: subject) else {
                let names = campaign.segments.map(\.name).joined(separator: ", ")
                throw PlannerError(
                    .noSegment, "customer \(record.id) matches none of \(campaignID)'s segments (\(names)); pick another customer")
            }
            let years = record.firstOrderAt.map { first in
                max(1, first.localDate(in: zone).year.distance(to: today.year))
            }
            let delivery = PlannedDelivery(
                occurrence: OccurrenceID(campaignID: campaignID, customerID: record.id, date: today),
                email: record.email.description, segment: segment.name, template: segment.template.text,
                locale: rules.locale(of: record), dueDate: today, day: today, sendAt: now, timeZone: zone,
                years: years, status: .planned)
            return (delivery, record)
        }
    }
}
