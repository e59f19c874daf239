import ArgumentParser
import Configuration
import Foundation
import KeepsakeDaemon
import Mail
import Scheduler

extension SendTest {
    /// The message `campaignID` would send the chosen customer today, addressed to --to instead:
    /// composed (and DKIM-signed) by the daemon's composer, so these are the bytes it would send.
    func campaignMessage(_ campaignID: String, settings: KeepsakeConfiguration) throws -> DeliveryComposer.ComposedDelivery {
        let usable = try files.usable(settings, command: "keepsake send-test")
        var storeOptions = StoreOptions()
        storeOptions.database = database ?? settings.databasePath
        let store = try storeOptions.open()
        let planner = usable.planner(store: store)
        do {
            let (delivery, record) = try planner.testDelivery(campaignID: campaignID, customer: customer ?? "", now: try instant())
            let composed = try usable.composer.compose(
                delivery, customer: record, recipient: Mailbox(displayName: nil, address: try EmailAddress(to)))
            print("rendering \(campaignID) for customer \(record.id): segment \(delivery.segment), template \(delivery.template), locale \(composed.rendered.locale)")
            return composed
        } catch let error as PlannerError {
            printError("keepsake send-test: \(error)")
            throw ExitCode(64)
        }
    }
}
