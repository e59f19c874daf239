import ArgumentParser
import Calendars
import Foundation
import Store

/// `keepsake orders`: the imported orders that found no customer, and why an order is (or is not)
/// credited to a Keepsake message.
struct OrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "List guest orders; explain an order's attribution.",
        discussion: """
            Examples:
              keepsake orders unmatched
              keepsake orders explain 1001
            """,
        subcommands: [Unmatched.self, Explain.self]
    )
}

extension OrdersCommand {
    struct Unmatched: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the orders whose customer the store did not know when they were imported (guest checkouts).",
            discussion: """
                Guest orders are stored and counted (unless refunded or cancelled), and attributed by \
                their Keepsake coupon code if they used one. One line per order: order id, placed at, \
                total, currency, status, address.
                """)

        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let orders = try storeOptions.open().unmatchedOrders()
            for order in orders {
                print([order.orderID, order.createdAt, StoredDecimal.text(order.total), order.currency ?? "-",
                       order.status.rawValue, order.guestEmail ?? "-"].joined(separator: "  "))
            }
            printError("keepsake orders unmatched: \(ProgressReporter.grouped(orders.count)) guest order\(orders.count == 1 ? "" : "s")")
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say why an order is credited to a Keepsake message, or why not.",
            discussion: """
                An order is attributed once, when it is imported: to the sent delivery whose coupon \
                code it used, else to the latest Keepsake message sent to its customer within that \
                campaign's attribution_window (7 days unless calendar.yaml or the campaign sets it).
                Exit status: 0 explained, 1 no such order.
                """)

        @Argument(help: ArgumentHelp("The shop's order id.", valueName: "order-id"))
        var orderID: String

        @Option(help: ArgumentHelp(
            "The folder with calendar.yaml and the campaign files, for the attribution windows (default: daemon.campaigns).",
            valueName: "dir"))
        var campaigns: String?

        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            guard let order = try store.order(id: orderID) else {
                printError("keepsake orders explain: no order has the id \(orderID); import it with `keepsake import orders`")
                throw ExitCode(1)
            }
            let directory = try campaigns ?? storeOptions.configurationOptions.load().daemon.campaignsDirectory
            let windows = AttributionWindowsLoader.load(directory: directory, command: "keepsake orders explain")
            for line in try OrderExplanation.lines(order, store: store, windows: windows) { print(line) }
        }
    }
}

/// The lines of `keepsake orders explain`.
enum OrderExplanation {
    static func lines(_ order: StoredOrder, store: KeepsakeStore, windows: AttributionWindows) throws -> [String] {
        let who = order.customerID.map { "customer \($0)" } ?? "guest \(order.guestEmail ?? "without an address")"
        var lines = ["order \(order.orderID): placed \(order.createdAt), \(StoredDecimal.text(order.total))"
            + "\(order.currency.map { " \($0)" } ?? ""), \(order.status.rawValue), \(who)"]
        if !order.discountCodes.isEmpty { lines.append("codes: \(order.discountCodes.joined(separator: ", "))") }
        for item in order.lineItems {
            lines.append("line \(item.position): \(item.quantity) × \(item.title ?? item.product ?? "?")"
                + "\(item.product.map { " [\($0)]" } ?? "")\(item.price.map { " at \(StoredDecimal.text($0))" } ?? "")")
        }
        if let attribution = try store.attribution(ofOrder: order.orderID) {
            let delivery = "delivery \(attribution.deliveryID), \(attribution.campaignID) (segment \(attribution.segment))"
            switch attribution.rule {
            case .coupon:
                lines.append("attributed: coupon \(attribution.couponCode ?? "") of \(delivery), sent \(day(attribution.sentAt))")
            case .window:
                lines.append("attributed: latest message within \(attribution.windowDays) days: \(delivery), sent "
                    + "\(day(attribution.sentAt)), \(daysBetween(attribution.sentAt, order.placedAt)) before the order")
            }
            return lines
        }
        guard order.status == .counted else {
            lines.append("not attributed: the order is \(order.status.rawValue), so it does not count")
            return lines
        }
        guard let customerID = order.customerID else {
            lines.append("not attributed: a guest order (no stored customer) is attributed only by a Keepsake coupon "
                + "code of a sent message, and it used none")
            return lines
        }
        guard let latest = try store.latestSentDelivery(customerID: customerID, atOrBefore: order.placedAt) else {
            lines.append("not attributed: no Keepsake mail was sent to customer \(customerID) before the order")
            return lines
        }
        lines.append("not attributed: last Keepsake mail \(day(latest.sentAt)) (delivery \(latest.deliveryID), "
            + "\(latest.campaignID)) is \(daysBetween(latest.sentAt, order.placedAt)) before, window "
            + "\(windows.days(for: latest.campaignID)) days")
        return lines
    }

    /// The UTC day of an instant, such as `2026-03-18`.
    static func day(_ instant: Date) -> String { LocalDate(instant, in: TimeZone(identifier: "UTC")!).description }

    /// `45 days` (whole days, rounded down), or `3 hours` under a day.
    static func daysBetween(_ earlier: Date, _ later: Date) -> String {
        let seconds = later.timeIntervalSince(earlier)
        let days = Int(seconds / 86_400)
        if days == 0 { let hours = Int(seconds / 3_600); return "\(hours) hour\(hours == 1 ? "" : "s")" }
        return "\(days) day\(days == 1 ? "" : "s")"
    }
}

/// Decimal amounts as the store writes them, such as `1250.5`.
enum StoredDecimal {
    static func text(_ value: Decimal) -> String { value.description }
}
