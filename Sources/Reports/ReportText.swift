import Foundation

/// The report as text for a terminal, and as CSV (one row per campaign and segment, then the
/// retention figures as `figure,value` rows, in the JSON's precision).
public enum ReportText {
    /// Aligned tables, in the request's language and digits.
    public static func text(_ report: Report, locale: ReportLocale) -> String {
        let labels = ReportLabels(locale)
        var lines = ["\(labels[.title]) — \(labels[.period]): \(labels.digits(report.from.description)) – \(labels.digits(report.to.description))",
                     "\(labels[.window]): \(labels.number(report.conversionWindowDays))", ""]
        let header = [labels[.campaign], labels[.segment], labels[.eligible], labels[.sent], labels[.heldOut], labels[.bounced],
                      labels[.complaints], labels[.unsubscribes], labels[.attributedOrders], labels[.attributedRevenue],
                      labels[.redemptions], labels[.conversionSent], labels[.conversionHeldOut],
                      labels[.difference], labels[.interval], labels[.pValue], labels[.revenuePerRecipient]]
        let rows = report.campaigns.map { row(campaignRow: $0, labels: labels) }
        lines.append(labels[.campaigns])
        lines.append(contentsOf: table([header] + rows))
        let retention = report.retention
        lines.append("")
        lines.append(labels[.retention])
        lines.append(contentsOf: table([
            [labels[.customers], labels.number(retention.customers)],
            [labels[.orders], labels.number(retention.orders)],
            [labels[.revenue], labels.decimal(retention.revenue)],
            [labels[.repeatRate], labels.percent(retention.repeatPurchaseRate)],
            [labels[.churnRate] + " (\(labels.number(report.churnDays)))", labels.percent(retention.churnRate)],
            [labels[.frequency], labels.decimal(ReportJSON.rounded(retention.purchaseFrequency, 4), places: 4)],
            [labels[.averageOrderValue], labels.decimal(retention.averageOrderValue)],
            [labels[.lifetimeValue], labels.decimal(retention.customerLifetimeValue)],
            [labels[.wonBack], labels.number(retention.wonBackCustomers)],
        ]))
        lines.append("")
        lines.append(labels[.cohorts])
        let months = retention.cohorts.map(\.active.count).max() ?? 0
        let cohortHeader = [labels[.cohortMonth], labels[.customers]] + (0..<months).map { labels.number($0) }
        lines.append(contentsOf: table([cohortHeader] + retention.cohorts.map { cohort in
            [labels.digits(cohort.month), labels.number(cohort.customers)] + cohort.shares.map { labels.percent($0) }
        }))
        return lines.joined(separator: "\n") + "\n"
    }

    static func row(campaignRow result: CampaignResult, labels: ReportLabels) -> [String] {
        let test = result.conversion
        let interval = test.confidenceInterval.map { "[\(labels.percent($0.lowerBound)), \(labels.percent($0.upperBound))]" } ?? "-"
        return [result.campaignID, result.segment, labels.number(result.eligible), labels.number(result.sent),
                labels.number(result.heldOut), labels.number(result.bounced), labels.number(result.complaints),
                labels.number(result.unsubscribes), labels.number(result.attributedOrders), labels.money(result.attributedRevenue),
                labels.number(result.redemptions), labels.percent(test.mailedRate), labels.percent(test.heldOutRate),
                labels.percent(test.difference), interval, labels.pValue(test.pValue), labels.decimal(result.revenuePerRecipient)]
    }

    /// Columns padded to their widest cell, two spaces apart.
    static func table(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }

    /// CSV (RFC 4180, ASCII digits): the campaign rows with the JSON's columns (the attributed revenue
    /// as `AMOUNT CURRENCY` pairs, `; `-separated), a blank line, then `figure,value` rows.
    public static func csv(_ report: Report) -> String {
        let document = ReportJSON.document(report)
        var lines = [[
            "campaign", "segment", "eligible", "sent", "held_out", "bounced", "complaints", "unsubscribes", "sent_conversions",
            "held_out_conversions", "conversion_rate_sent", "conversion_rate_held_out", "difference", "difference_low",
            "difference_high", "z", "p_value", "revenue_per_recipient", "revenue_per_held_out", "attributed_orders",
            "attributed_revenue", "redemptions",
        ].joined(separator: ",")]
        func text(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "" }
        for row in document.campaigns {
            lines.append([
                quoted(row.campaign), quoted(row.segment), "\(row.eligible)", "\(row.sent)", "\(row.held_out)", "\(row.bounced)",
                "\(row.complaints)", "\(row.unsubscribes)", "\(row.sent_conversions)", "\(row.held_out_conversions)",
                text(row.conversion_rate_sent), text(row.conversion_rate_held_out), text(row.difference), text(row.difference_low),
                text(row.difference_high), text(row.z), text(row.p_value), text(row.revenue_per_recipient), text(row.revenue_per_held_out),
                "\(row.attributed_orders)", quoted(revenue(row.attributed_revenue)), "\(row.redemptions)",
            ].joined(separator: ","))
        }
        let retention = document.retention
        lines.append("")
        lines.append("figure,value")
        let figures: [(String, String)] = [
            ("from", document.from), ("to", document.to), ("conversion_window_days", "\(document.conversion_window_days)"),
            ("churn_days", "\(document.churn_days)"), ("customers", "\(retention.customers)"), ("orders", "\(retention.orders)"),
            ("revenue", "\(retention.revenue)"), ("repeat_customers", "\(retention.repeat_customers)"),
            ("repeat_purchase_rate", text(retention.repeat_purchase_rate)), ("churned_customers", "\(retention.churned_customers)"),
            ("churn_rate", text(retention.churn_rate)), ("purchase_frequency", text(retention.purchase_frequency)),
            ("average_order_value", text(retention.average_order_value)),
            ("customer_lifetime_value", text(retention.customer_lifetime_value)),
            ("won_back_customers", "\(retention.won_back_customers)"),
        ] + retention.cohorts.flatMap { cohort in
            [("cohort \(cohort.month) customers", "\(cohort.customers)")]
                + cohort.shares.enumerated().map { ("cohort \(cohort.month) month \($0.offset)", "\($0.element)") }
        }
        lines.append(contentsOf: figures.map { "\(quoted($0.0)),\($0.1)" })
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Amounts by currency as one CSV field: `12.50 EUR; 3.00 USD`, by code (an amount without a currency has no code).
    static func revenue(_ amounts: [String: Decimal]) -> String {
        amounts.sorted { $0.key < $1.key }.map { $0.key.isEmpty ? "\($0.value)" : "\($0.value) \($0.key)" }.joined(separator: "; ")
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
