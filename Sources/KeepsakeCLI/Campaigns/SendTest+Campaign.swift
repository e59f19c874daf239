import ArgumentParser
import Configuration
import Foundation
import Mail
import Scheduler

extension SendTest {
    /// The message `campaignID` would send the chosen customer today, addressed to --to instead:
    /// composed (and DKIM-signed) by the daemon's composer, so these are the bytes it would send.
    func campaignMessage(_ campaignID: String, settings: KeepsakeConfiguration) throws -> DeliveryComposer.ComposedDelivery {
        let checked = files.checked(settings)
        guard checked.errors.isEmpty, let calendar = checked.campaignSet.calendar, let shop = calendar.shop else {
            for problem in checked.problems { printError(problem.description) }
            printError("keepsake send-test: fix these problems first (`keepsake validate` lists them)")
            throw ExitCode(65)
        }
        var storeOptions = StoreOptions()
        storeOptions.database = database ?? settings.databasePath
        let store = try storeOptions.open()
        let planner = Planner(
            calendar: calendar, campaigns: checked.campaignSet.campaigns, store: store, history: LedgerHistory(store: store))
        do {
            let (delivery, record) = try planner.testDelivery(campaignID: campaignID, customer: customer ?? "", now: try instant())
            let composer = try PreviewCommand.composer(checked, calendar: calendar, shop: shop, settings: settings)
            let composed = try composer.compose(
                delivery, customer: record, recipient: Mailbox(displayName: nil, address: try EmailAddress(to)))
            print("rendering \(campaignID) for customer \(record.id): segment \(delivery.segment), template \(delivery.template), locale \(composed.rendered.locale)")
            return composed
        } catch let error as PlannerError {
            printError("keepsake send-test: \(error)")
            throw ExitCode(64)
        }
    }
}
