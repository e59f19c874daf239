import Foundation

/// The report as one self-contained HTML file: the tables, a heat map of the cohorts, and two
/// charts drawn by Chart.js (Debian's `libjs-chart.js`), inlined so the file opens offline. When
/// the charts have drawn, the page sets `document.body.dataset.drawn = "true"`.
public struct ReportHTML: Sendable {
    /// Chart.js as Debian installs it.
    public static let chartScriptPath = "/usr/share/javascript/chart.js/chart.min.js"

    /// Chart.js's source.
    let chartScript: String

    /// Reads Chart.js from `chartScriptPath`.
    ///
    /// - Throws: ``ReportRequestError`` naming the package to install when the file is missing.
    public init(chartScriptPath: String = ReportHTML.chartScriptPath) throws(ReportRequestError) {
        guard let data = FileManager.default.contents(atPath: chartScriptPath), let script = String(data: data, encoding: .utf8) else {
            throw ReportRequestError(description: "cannot read Chart.js at \(chartScriptPath); install Debian's libjs-chart.js (apt-get install libjs-chart.js)")
        }
        chartScript = script.replacingOccurrences(of: "</script", with: "<\\/script")
    }

    /// The page, in the request's language, direction and digits.
    public func page(_ report: Report, locale: ReportLocale) -> String {
        let labels = ReportLabels(locale)
        let retention = report.retention
        var body = "<h1>\(escape(labels[.title]))</h1>\n<p>\(escape(labels[.period])): \(escape(labels.digits(report.from.description))) – "
            + "\(escape(labels.digits(report.to.description))); \(escape(labels[.window])): \(escape(labels.number(report.conversionWindowDays)))</p>\n"
        body += "<h2>\(escape(labels[.campaigns]))</h2>\n"
        body += table(
            header: [labels[.campaign], labels[.segment], labels[.eligible], labels[.sent], labels[.heldOut], labels[.bounced],
                     labels[.complaints], labels[.unsubscribes], labels[.attributedOrders], labels[.attributedRevenue],
                     labels[.redemptions], labels[.conversionSent], labels[.conversionHeldOut],
                     labels[.difference], labels[.interval], labels[.pValue], labels[.revenuePerRecipient], labels[.revenuePerHeldOut]],
            rows: report.campaigns.map { ReportText.row(campaignRow: $0, labels: labels) + [labels.decimal($0.revenuePerHeldOut)] })
        body += "<div class=\"chart\"><canvas id=\"conversion\"></canvas></div>\n"
        body += "<h2>\(escape(labels[.retention]))</h2>\n"
        body += table(header: [], rows: [
            [labels[.customers], labels.number(retention.customers)], [labels[.orders], labels.number(retention.orders)],
            [labels[.revenue], labels.decimal(retention.revenue)], [labels[.repeatRate], labels.percent(retention.repeatPurchaseRate)],
            [labels[.churnRate] + " (\(labels.number(report.churnDays)))", labels.percent(retention.churnRate)],
            [labels[.frequency], labels.decimal(ReportJSON.rounded(retention.purchaseFrequency, 4), places: 4)],
            [labels[.averageOrderValue], labels.decimal(retention.averageOrderValue)],
            [labels[.lifetimeValue], labels.decimal(retention.customerLifetimeValue)],
            [labels[.wonBack], labels.number(retention.wonBackCustomers)],
        ])
        body += "<h2>\(escape(labels[.cohorts]))</h2>\n" + heatMap(retention.cohorts, labels: labels)
        body += "<div class=\"chart\"><canvas id=\"cohorts\"></canvas></div>\n"
        let direction = locale.isRightToLeft ? "rtl" : "ltr"
        return """
            <!DOCTYPE html>
            <html lang="\(locale.rawValue)" dir="\(direction)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(labels[.title]))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: start; }
            td.heat { text-align: center; min-width: 3.5em; }
            .chart { max-width: 900px; height: 320px; }
            </style>
            <script>\(chartScript)</script>
            </head>
            <body>
            \(body)<script>
            \(chartsScript(report, labels: labels, rightToLeft: locale.isRightToLeft))
            </script>
            </body>
            </html>

            """
    }

    func table(header: [String], rows: [[String]]) -> String {
        var html = "<table>\n"
        if !header.isEmpty { html += "<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n" }
        for row in rows { html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return html + "</table>\n"
    }

    /// The cohorts as a table whose cells are shaded by their share (darker: more customers ordered).
    func heatMap(_ cohorts: [Cohort], labels: ReportLabels) -> String {
        let months = cohorts.map(\.active.count).max() ?? 0
        var html = "<table class=\"heatmap\">\n<tr><th>\(escape(labels[.cohortMonth]))</th><th>\(escape(labels[.customers]))</th>"
            + (0..<months).map { "<th>\(escape(labels.number($0)))</th>" }.joined() + "</tr>\n"
        for cohort in cohorts {
            html += "<tr><td>\(escape(labels.digits(cohort.month)))</td><td>\(escape(labels.number(cohort.customers)))</td>"
            for share in cohort.shares {
                let lightness = Int((95 - share * 55).rounded())
                html += "<td class=\"heat\" style=\"background: hsl(210, 70%, \(lightness)%); color: \(share > 0.5 ? "#fff" : "#222")\">"
                    + "\(escape(labels.percent(share)))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// Two charts: conversion of the mailed and the held-out group per campaign and segment, and the
    /// cohorts' retention curves. Marks the page drawn once both have rendered.
    func chartsScript(_ report: Report, labels: ReportLabels, rightToLeft: Bool) -> String {
        let names = report.campaigns.map { "\($0.campaignID) / \($0.segment)" }
        let sent = report.campaigns.map { ($0.conversion.mailedRate ?? 0) * 100 }
        let heldOut = report.campaigns.map { ($0.conversion.heldOutRate ?? 0) * 100 }
        let months = report.retention.cohorts.map(\.active.count).max() ?? 0
        let curves = report.retention.cohorts.filter { $0.customers > 0 }.map { cohort in
            "{label: \(json(labels.digits(cohort.month))), data: \(json(cohort.shares.map { $0 * 100 }))}"
        }
        return """
            (function () {
              var drawn = {};
              // Each chart reports its first render; with both rendered the page is marked drawn.
              var marker = { id: "drawn", afterRender: function (chart) {
                drawn[chart.canvas.id] = true;
                if (drawn.conversion && drawn.cohorts) { document.body.dataset.drawn = "true"; } } };
              var common = { animation: false, responsive: true, maintainAspectRatio: false,
                             locale: \(json(labels.locale.rawValue)), plugins: { legend: { rtl: \(rightToLeft) } } };
              new Chart(document.getElementById("conversion"), { type: "bar", options: common, plugins: [marker], data: {
                labels: \(json(names)),
                datasets: [{ label: \(json(labels[.conversionSent] + " %")), data: \(json(sent)), backgroundColor: "#2a6fdb" },
                           { label: \(json(labels[.conversionHeldOut] + " %")), data: \(json(heldOut)), backgroundColor: "#aaaaaa" }] } });
              new Chart(document.getElementById("cohorts"), { type: "line", options: common, plugins: [marker], data: {
                labels: \(json((0..<months).map { labels.number($0) })),
                datasets: [\(curves.joined(separator: ", "))] } });
            })();
            """
    }

    func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        let text = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return text.replacingOccurrences(of: "</", with: "<\\/")
    }

    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
