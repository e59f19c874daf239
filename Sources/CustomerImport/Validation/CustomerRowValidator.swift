import Calendars
import Foundation
import Mail
import Store
import StrictYAML

/// A customer row that passed every check, ready for the store.
public struct ValidatedCustomer: Sendable, Hashable {
    /// The physical line the row starts on.
    public var line: Int
    /// The customer.
    public var record: CustomerRecord
    /// The consent the row states, if its consent column is filled.
    public var consent: ConsentObservation?
    /// The calendar's topics the customer left, stated with ``consent`` when the file has a
    /// `topics_left` column (empty: every topic kept); nil when the row states no topics.
    public var topicsLeft: Set<String>?
}

/// Turns the rows of a customer file into ``ValidatedCustomer`` values, listing every problem of
/// a row at once, and remembering ids to refuse a customer given twice in one file.
struct CustomerRowValidator {
    private let plan: ColumnPlan<CustomerField>
    private let file: String
    private let fileModified: Date?
    /// The calendar's topics, which `topics_left` may name; nil when the calendar could not be read.
    let topics: [String]?
    /// The line each customer id was first seen on.
    private var idLines = FirstLines()

    /// Checks the header against the mapping.
    ///
    /// - Parameters:
    ///   - file: The file name shown in problems and in consent references (`import FILE:ROW`).
    ///   - fileModified: The file's modification time, for `consent_at: file-modified` defaults.
    ///   - topics: The calendar's topics, or nil when it could not be read (then a `topics_left`
    ///     column refuses the file).
    init(
        mapping: ImportMapping, header: [String], file: String, fileModified: Date?, topics: [String]?
    ) throws(ImportProblemList) {
        plan = try ColumnPlan(mapping: mapping, header: header, file: file)
        if plan.hasColumn(.topicsLeft), topics == nil {
            throw ImportProblemList(problems: [ImportProblem(
                .missingColumn, file: file, line: 1, column: plan.columnName(.topicsLeft),
                "the topics in this column cannot be checked: the calendar (calendar.yaml of the campaign folder) "
                    + "could not be read; fix it (`keepsake validate`) or pass --campaigns DIR")])
        }
        self.file = file
        self.fileModified = fileModified
        self.topics = topics
    }

    /// The header names, for the rejects file.
    var header: [String] { plan.header }

    /// The customer a row describes, or every problem with it.
    mutating func validate(_ row: CSVRecord) -> Result<ValidatedCustomer, ImportProblemList> {
        let fields = row.fields
        var problems = RowProblems(file: file, line: row.line)
        problems.refuseNUL(in: plan.columnsHoldingNUL(in: fields, attributes: true))
        let id = required(.id, in: fields, &problems, "every customer needs the shop's customer id")
        if let id, let earlier = idLines.earlierLine(of: id, at: row.line) {
            problems.note(FieldProblem("customer id \(id) is already on line \(earlier); give each customer one row",
                                       code: .duplicateRecord), column: plan.columnName(.id))
        }
        let email = problems.read(required(.email, in: fields, &problems, "every customer needs an email address"),
                                  column: plan.columnName(.email)) { try EmailAddress($0) }
        let calendarText = plan.value(.calendar, in: fields)
        let calendar = problems.read(calendarText, column: plan.columnName(.calendar), Self.calendar)
        let timeZoneName = plan.value(.timeZone, in: fields)
        let timeZone = problems.read(timeZoneName, column: plan.columnName(.timeZone)) { try TimeZoneField.zone(named: $0) }
        var customer = CustomerRecord(id: id ?? "", email: email ?? Self.placeholderEmail)
        customer.firstName = plan.value(.firstName, in: fields)
        customer.lastName = plan.value(.lastName, in: fields)
        customer.locale = problems.read(plan.value(.locale, in: fields), column: plan.columnName(.locale), ValueParsers.locale)
        customer.timeZone = timeZone == nil ? nil : timeZoneName
        customer.country = problems.read(plan.value(.country, in: fields), column: plan.columnName(.country), ValueParsers.country)
        // No calendar (no column, or an empty field) means Gregorian; an unreadable one is already a
        // problem of the row, and its birthday cannot be read in any calendar.
        customer.calendar = calendar ?? .gregorian
        if calendar != nil || calendarText == nil {
            customer.birthday = problems.read(plan.value(.birthday, in: fields), column: plan.columnName(.birthday)) {
                [calendar = customer.calendar] in try CalendarDate(parsing: $0, in: calendar)
            }
        }
        customer.firstOrderAt = pointInTime(.firstOrderAt, in: fields, &problems)
        customer.lastOrderAt = pointInTime(.lastOrderAt, in: fields, &problems)
        customer.ordersCount = problems.read(plan.value(.ordersCount, in: fields), column: plan.columnName(.ordersCount),
                                             ValueParsers.count) ?? 0
        customer.totalSpent = problems.read(plan.value(.totalSpent, in: fields), column: plan.columnName(.totalSpent),
                                            ValueParsers.amount) ?? 0
        customer.currency = problems.read(plan.value(.currency, in: fields), column: plan.columnName(.currency),
                                          ValueParsers.currency)
        customer.tags = plan.value(.tags, in: fields).map { ValueParsers.tags($0, separator: plan.tagSeparator) } ?? []
        customer.attributes = plan.attributes(in: fields)
        let consent = consentObservation(in: fields, line: row.line, timeZone: timeZone, &problems)
        let topicsLeft = topicsLeft(in: fields, statedWithConsent: plan.value(.consent, in: fields) != nil, &problems)
        if let error = problems.error { return .failure(error) }
        return .success(ValidatedCustomer(line: row.line, record: customer, consent: consent, topicsLeft: topicsLeft))
    }

    /// The topics the row says the customer left: the `topics_left` ids, separated by `;` or `,`,
    /// each one of the calendar's. Read only with the row's consent, whose date and source the
    /// topic events share; nil when the file has no such column or the row states no consent.
    private func topicsLeft(
        in fields: [String], statedWithConsent: Bool, _ problems: inout RowProblems
    ) -> Set<String>? {
        guard plan.hasColumn(.topicsLeft), let topics else { return nil }
        let column = plan.columnName(.topicsLeft)
        let text = plan.value(.topicsLeft, in: fields) ?? ""
        guard statedWithConsent else {
            if !text.isEmpty {
                problems.note(FieldProblem(
                    "topics left need the row's consent, consent_at and consent_source (when and how the person chose); "
                        + "fill them, or empty this field", code: .missingValue), column: column)
            }
            return nil
        }
        var left = Set<String>()
        var unknown: [String] = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let topic = part.trimmingCharacters(in: .whitespaces)
            if topic.isEmpty { continue }
            if topics.contains(topic) { left.insert(topic) } else { unknown.append(topic) }
        }
        // The first few unknown ids are named; a field of thousands is one more problem, not thousands.
        let known = topics.isEmpty ? "the calendar lists no topics" : "the calendar's topics are " + topics.joined(separator: ", ")
        for topic in unknown.prefix(Self.unknownTopicsNamed) {
            let hint = Suggestion.closest(to: topic, among: topics).map { " (did you mean \($0)?)" } ?? ""
            problems.note(FieldProblem("unknown topic \"\(topic.prefix(ConsentPreference.longestTopic))\"\(hint); \(known)"),
                          column: column)
        }
        if unknown.count > Self.unknownTopicsNamed {
            problems.note(FieldProblem("\(unknown.count - Self.unknownTopicsNamed) more unknown topics; \(known)"), column: column)
        }
        return left
    }

    /// The most unknown topic ids of one field named one by one.
    private static let unknownTopicsNamed = 5

    /// The value of a field that must not be empty, noting a problem when it is.
    private func required(
        _ field: CustomerField, in fields: [String], _ problems: inout RowProblems, _ why: String
    ) -> String? {
        guard let text = plan.value(field, in: fields) else {
            problems.note(FieldProblem("\(field.name) is empty; \(why)", code: .missingValue), column: plan.columnName(field))
            return nil
        }
        return text
    }

    private func pointInTime(_ field: CustomerField, in fields: [String], _ problems: inout RowProblems) -> PointInTime? {
        problems.read(plan.value(field, in: fields), column: plan.columnName(field)) { try PointInTime(parsing: $0) }
    }

    /// The consent the row states: status, when, how; nil when the consent column is empty.
    private func consentObservation(
        in fields: [String], line: Int, timeZone: TimeZone?, _ problems: inout RowProblems
    ) -> ConsentObservation? {
        guard let statusText = plan.value(.consent, in: fields) else { return nil }
        let status = problems.read(statusText, column: plan.columnName(.consent), Self.consentStatus)
        let occurredAt = problems.read(
            required(.consentAt, in: fields, &problems, "write when the person opted in or out, such as 2020-06-29T00:00:00Z"),
            column: plan.columnName(.consentAt)
        ) { text -> Date in
            if text == ImportMapping.fileModifiedDefault, let fileModified { return fileModified }
            return try PointInTime(parsing: text).startInstant(in: timeZone ?? TimeZone(identifier: "UTC")!)
        }
        let source = required(.consentSource, in: fields, &problems,
                              "write how the person gave or withdrew consent, such as checkout checkbox or newsletter form")
        guard let status, let occurredAt, let source else { return nil }
        return ConsentObservation(
            status: status, occurredAt: occurredAt, source: source,
            ip: plan.value(.consentIP, in: fields), wording: plan.value(.consentWording, in: fields),
            reference: "import \(file):\(line)")
    }

    private static func calendar(_ text: String) throws(FieldProblem) -> CalendarSystem {
        if let calendar = CalendarSystem(rawValue: text) ?? CalendarSystem(rawValue: text.lowercased()) { return calendar }
        let hint = Suggestion.closest(to: text, among: CalendarSystem.allCases.map(\.rawValue)).map { " (did you mean \($0)?)" } ?? ""
        throw FieldProblem("\"\(text)\" is not a calendar\(hint); write one of \(CalendarSystem.spellings), "
            + "or leave it empty for gregorian")
    }

    private static func consentStatus(_ text: String) throws(FieldProblem) -> ConsentStatus {
        guard let status = ConsentStatus(rawValue: text) else {
            throw FieldProblem("\"\(text)\" is not a consent status; write opted_in or opted_out, or leave it empty. "
                + "For a column of yes/no or true/false, translate it in a mapping file (values: consent: { \"yes\": opted_in, \"no\": opted_out })")
        }
        return status
    }

    /// Stands in for an invalid address in a row that is refused anyway.
    private static let placeholderEmail = try! EmailAddress("invalid@invalid.example")
}
