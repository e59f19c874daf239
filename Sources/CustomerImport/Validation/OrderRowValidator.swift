import Calendars
import Foundation
import Mail
import Store

/// An order row that passed every check, ready for the store.
public struct ValidatedOrder: Sendable, Hashable {
    /// The physical line the row starts on.
    public var line: Int
    /// The order.
    public var record: OrderRecord
}

/// What a valid row of an order file holds: an order (with its first line item, if any), or a
/// further line item of the order on the rows before it.
enum OrderRow: Sendable, Hashable {
    case order(ValidatedOrder)
    case lineItem(orderID: String, OrderLineItem)
}

/// Turns the rows of an order file into ``ValidatedOrder`` values, listing every problem of a
/// row at once. With ``ImportMapping/firstRowPerOrder`` (Shopify's one row per line item), the
/// rows right after an order's first row that repeat its id are passed over.
struct OrderRowValidator {
    /// What a row turned out to be.
    enum Outcome {
        case order(ValidatedOrder)
        /// A further line-item row of the order before it, and its line (nil when the row gives none).
        case lineItem(orderID: String, OrderLineItem?)
        case problems(ImportProblemList)
    }

    private let plan: ColumnPlan<OrderField>
    private let file: String
    private let mappingName: String
    /// The mapping's `time_zone`, for times written without an offset.
    private let localZone: TimeZone?
    /// The line each order id was first seen on.
    private var idLines = FirstLines()
    private var previousOrderID: String?
    /// The line items of the current order so far.
    private var linesInOrder = 0

    init(mapping: ImportMapping, header: [String], file: String) throws(ImportProblemList) {
        plan = try ColumnPlan(mapping: mapping, header: header, file: file)
        mappingName = mapping.name
        localZone = mapping.timeZone
        guard plan.hasColumn(.customerID) || plan.hasColumn(.email) else {
            throw ImportProblemList(problems: [ImportProblem(
                .missingColumn, file: file, line: 1, column: "header",
                "no column holds customer_id or email: an order needs one of them to find its customer")])
        }
        self.file = file
    }

    /// The header names, for the rejects file.
    var header: [String] { plan.header }

    /// The order a row describes, a line-item row to pass over, or every problem with it.
    mutating func validate(_ row: CSVRecord) -> Outcome {
        let fields = row.fields
        var problems = RowProblems(file: file, line: row.line)
        // Orders keep no attributes: a NUL in a column Keepsake does not read does no harm.
        problems.refuseNUL(in: plan.columnsHoldingNUL(in: fields, attributes: false))
        let orderID = plan.value(.orderID, in: fields)
        if let orderID, plan.firstRowPerOrder, orderID == previousOrderID {
            let item = lineItem(in: fields, problems: &problems)
            if let error = problems.error { return .problems(error) }
            return .lineItem(orderID: orderID, item)
        }
        previousOrderID = orderID
        linesInOrder = 0
        if let orderID {
            if let earlier = idLines.earlierLine(of: orderID, at: row.line) {
                problems.note(FieldProblem("order \(orderID) is already on line \(earlier); give each order one row",
                                           code: .duplicateRecord), column: plan.columnName(.orderID))
            }
        } else {
            problems.note(FieldProblem("order_id is empty; every order needs the shop's order id", code: .missingValue),
                          column: plan.columnName(.orderID))
        }
        let customerID = plan.value(.customerID, in: fields)
        let email = problems.read(plan.value(.email, in: fields), column: plan.columnName(.email)) { try EmailAddress($0) }
        if customerID == nil, plan.value(.email, in: fields) == nil {
            let column = plan.hasColumn(.customerID) ? plan.columnName(.customerID) : plan.columnName(.email)
            problems.note(FieldProblem("the order names no customer; fill customer_id or email", code: .missingValue),
                          column: column)
        }
        let createdAt = problems.read(requiredValue(.createdAt, in: fields, &problems), column: plan.columnName(.createdAt)) {
            try Self.pointInTime($0, localZone: localZone)
        }
        let total = problems.read(requiredValue(.total, in: fields, &problems), column: plan.columnName(.total),
                                  ValueParsers.amount)
        let currency = problems.read(plan.value(.currency, in: fields), column: plan.columnName(.currency),
                                     ValueParsers.currency)
        var status = problems.read(plan.value(.status, in: fields), column: plan.columnName(.status)) {
            text throws(FieldProblem) in
            guard let status = OrderStatus(rawValue: text) else {
                throw FieldProblem("status \"\(text)\" is unknown; write counted, refunded or cancelled"
                    + (plan.hasTranslations(.status) ? " (or a status the mapping \(mappingName) translates)" : ""))
            }
            return status
        } ?? .counted
        if plan.value(.cancelledAt, in: fields) != nil { status = .cancelled }
        let refunded = problems.read(plan.value(.refundedAmount, in: fields), column: plan.columnName(.refundedAmount),
                                     ValueParsers.amount)
        var countedTotal = total
        if let refunded, let total, refunded > 0 {
            if refunded > total {
                problems.note(FieldProblem(
                    "\(plan.value(.refundedAmount, in: fields) ?? "") refunded is more than the order's total "
                        + "\(plan.value(.total, in: fields) ?? ""); check both against the shop's order"),
                    column: plan.columnName(.refundedAmount))
            } else if refunded == total {
                if status == .counted { status = .refunded }
            } else {
                countedTotal = total - refunded
            }
        }
        let codes = problems.read(plan.value(.discountCodes, in: fields), column: plan.columnName(.discountCodes),
                                  ValueParsers.discountCodes) ?? []
        let item = lineItem(in: fields, problems: &problems)
        guard problems.isEmpty, let orderID, let createdAt, let total = countedTotal else {
            return .problems(problems.error ?? ImportProblemList(problems: []))
        }
        let record = OrderRecord(orderID: orderID, customerID: customerID, email: email, createdAt: createdAt,
                                 total: total, currency: currency, status: status, discountCodes: codes,
                                 lineItems: item.map { [$0] } ?? [])
        return .order(ValidatedOrder(line: row.line, record: record))
    }

    /// The line item a row gives (product id or SKU, title, quantity, price), or nil when it gives none.
    private mutating func lineItem(in fields: [String], problems: inout RowProblems) -> OrderLineItem? {
        guard OrderField.lineItemFields.contains(where: { plan.value($0, in: fields) != nil }) else { return nil }
        let quantity = problems.read(plan.value(.quantity, in: fields), column: plan.columnName(.quantity),
                                     ValueParsers.quantity) ?? 1
        var price = problems.read(plan.value(.price, in: fields), column: plan.columnName(.price), ValueParsers.amount)
        if price == nil, let lineTotal = problems.read(plan.value(.lineTotal, in: fields), column: plan.columnName(.lineTotal),
                                                       ValueParsers.amount) {
            price = lineTotal / Decimal(quantity)
        }
        linesInOrder += 1
        return OrderLineItem(
            position: linesInOrder, product: plan.value(.sku, in: fields) ?? plan.value(.productID, in: fields),
            title: plan.value(.title, in: fields), quantity: quantity, price: price)
    }

    /// An ISO 8601 date or instant; with the mapping's `time_zone`, also a local time without an
    /// offset (`2024-03-02 10:15:00`), read in that zone.
    static func pointInTime(_ text: String, localZone: TimeZone?) throws -> PointInTime {
        do {
            return try PointInTime(parsing: text)
        } catch {
            guard let localZone, case .instant(let asUTC)? = try? PointInTime(parsing: text + "Z") else { throw error }
            return .instant(asUTC.addingTimeInterval(-Double(localZone.secondsFromGMT(for: asUTC))))
        }
    }

    /// The column the currency is read from, for a problem found against the store.
    var currencyColumn: String { plan.columnName(.currency) }

    private func requiredValue(_ field: OrderField, in fields: [String], _ problems: inout RowProblems) -> String? {
        guard let text = plan.value(field, in: fields) else {
            problems.note(FieldProblem("\(field.name) is empty; every order needs it", code: .missingValue),
                          column: plan.columnName(field))
            return nil
        }
        return text
    }
}
