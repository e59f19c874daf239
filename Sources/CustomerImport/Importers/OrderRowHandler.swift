import Foundation
import Store

/// Checks order rows and writes them: an order, or a further line item of the order before it.
struct OrderRowHandler: RowHandler {
    var validator: OrderRowValidator
    let file: String
    let windows: AttributionWindows
    /// An order in another currency than its customer's is refused when written.
    static var refusesAgainstTheStore: Bool { true }

    mutating func check(_ record: CSVRecord) -> RowCheck<OrderRow> {
        switch validator.validate(record) {
        case .order(let order): return .valid(.order(order))
        case .lineItem(let orderID, let item?): return .valid(.lineItem(orderID: orderID, item))
        case .lineItem(_, nil): return .passOver
        case .problems(let list): return .invalid(list)
        }
    }

    func write(_ row: OrderRow, to session: ImportSession, report: inout ImportReport) throws -> [ImportProblem] {
        guard case .order(let order) = row else {
            if case .lineItem(let orderID, let item) = row { try session.recordLineItem(item, orderID: orderID) }
            report.lineItemRowsPassedOver += 1
            return []
        }
        let effects = try session.recordOrder(order.record, windows: windows)
        switch effects.outcome {
        case .applied: report.ordersApplied += 1
        case .alreadyImported: report.ordersAlreadyImported += 1
        case .guest: report.ordersUnknownCustomer += 1
        case .statusChanged: report.ordersStatusChanged += 1
        case .currencyMismatch(let customerID, let expected):
            return [ImportProblem(
                .invalidValue, file: file, line: order.line, column: validator.currencyColumn,
                "order \(order.record.orderID) is in \(order.record.currency ?? "") but customer \(customerID) pays in "
                    + "\(expected) (the customer's currency); a currency mismatch would mix amounts in the totals. "
                    + "Fix the order's currency or the customer's, or leave the order out")]
        }
        if case .applied = effects.outcome, order.record.status != .counted { report.ordersNotCounted += 1 }
        if case .guest = effects.outcome, order.record.status != .counted { report.ordersNotCounted += 1 }
        report.couponCodesRedeemed += effects.codesRedeemed
        report.couponCodesRedeemedBefore += effects.codesRedeemedBefore
        report.shopCodes += effects.shopCodes
        switch effects.attribution {
        case .coupon: report.ordersAttributedByCoupon += 1
        case .window: report.ordersAttributedByWindow += 1
        case nil: break
        }
        return []
    }
}
