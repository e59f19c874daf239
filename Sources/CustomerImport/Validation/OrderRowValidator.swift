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

/// Turns the rows of an order file into ``ValidatedOrder`` values, listing every problem of a
/// row at once. With ``ImportMapping/firstRowPerOrder`` (Shopify's one row per line item), the
/// rows right after an order's first row that repeat its id are passed over.
struct OrderRowValidator {
    /// What a row turned out to be.
    enum Outcome {
        case order(ValidatedOrder)
        /// A further line-item row of the order before it.
        case lineItem
        case problems(ImportProblemList)
    }

    private let plan: ColumnPlan<OrderField>
    private let file: String
    /// The line each order id was first seen on.
    private var idLines = FirstLines()
    private var previousOrderID: String?

    init(mapping: ImportMapping, header: [String], file: String) throws(ImportProblemList) {
        plan = try ColumnPlan(mapping: mapping, header: header, file: file)
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
            return .lineItem
        }
        previousOrderID = orderID
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
            try PointInTime(parsing: $0)
        }
        let total = problems.read(requiredValue(.total, in: fields, &problems), column: plan.columnName(.total),
                                  ValueParsers.amount)
        let currency = problems.read(plan.value(.currency, in: fields), column: plan.columnName(.currency),
                                     ValueParsers.currency)
        guard problems.isEmpty, let orderID, let createdAt, let total else {
            return .problems(problems.error ?? ImportProblemList(problems: []))
        }
        let record = OrderRecord(orderID: orderID, customerID: customerID, email: email, createdAt: createdAt,
                                 total: total, currency: currency)
        return .order(ValidatedOrder(line: row.line, record: record))
    }

    private func requiredValue(_ field: OrderField, in fields: [String], _ problems: inout RowProblems) -> String? {
        guard let text = plan.value(field, in: fields) else {
            problems.note(FieldProblem("\(field.name) is empty; every order needs it", code: .missingValue),
                          column: plan.columnName(field))
            return nil
        }
        return text
    }
}
