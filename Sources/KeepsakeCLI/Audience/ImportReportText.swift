import CustomerImport
import Store
import Foundation

/// The summary `keepsake import` prints: problems on standard error, counts on standard output.
///
///     customers.csv: 2,000 rows read; imported.
///       new: 2,000
///       updated: 0
///       unchanged: 0
///       consent events recorded: 1,614
enum ImportReportText {
    static func print(_ report: ImportReport, dryRun: Bool) {
        for problem in report.problems { printError(problem.description) }
        if report.problemsNotListed > 0 {
            printError("… and \(ProgressReporter.grouped(report.problemsNotListed)) more problems")
        }
        Swift.print("\(report.file): \(ProgressReporter.grouped(report.rowsRead)) rows read; \(verdict(report, dryRun: dryRun))")
        guard report.committed || dryRun else { return }
        for (label, count) in counts(report) where count > 0 || alwaysShown.contains(label) {
            Swift.print("  \(label): \(ProgressReporter.grouped(count))")
        }
    }

    private static let alwaysShown: Set<String> = ["new", "updated", "unchanged", "orders applied"]

    private static func verdict(_ report: ImportReport, dryRun: Bool) -> String {
        let problems = "\(ProgressReporter.grouped(report.problemCount)) problem\(report.problemCount == 1 ? "" : "s")"
        if dryRun {
            if report.refused { return "dry run, nothing written; \(problems) (listed above) would stop the import." }
            return report.rowsRejected > 0
                ? "dry run, nothing written. Without --dry-run it would import all but \(ProgressReporter.grouped(report.rowsRejected)) "
                    + "rejected rows (listed above; they would go to the rejects file) and do this:"
                : "dry run, nothing written. Without --dry-run it would do this:"
        }
        if report.committed {
            return report.rowsRejected > 0
                ? "imported, except \(ProgressReporter.grouped(report.rowsRejected)) rejected rows (written to the rejects file)."
                : "imported."
        }
        return "NOT imported: \(problems) (listed above); the store is unchanged. "
            + "Fix the file and run the command again, or import the valid rows with --skip-invalid --rejects FILE."
    }

    private static func counts(_ report: ImportReport) -> [(String, Int)] {
        let isOrders = report.ordersApplied + report.ordersAlreadyImported + report.ordersUnknownCustomer
            + report.ordersStatusChanged > 0 && report.inserted + report.updated + report.unchanged == 0
        if isOrders {
            return [
                ("orders applied", report.ordersApplied),
                ("orders already imported", report.ordersAlreadyImported),
                ("orders whose status changed", report.ordersStatusChanged),
                ("orders refunded or cancelled (kept, not counted)", report.ordersNotCounted),
                ("guest orders (customer unknown; stored and counted, see `keepsake orders unmatched`)",
                 report.ordersUnknownCustomer),
                ("attributed by coupon code", report.ordersAttributedByCoupon),
                ("attributed by the attribution window", report.ordersAttributedByWindow),
                ("Keepsake codes redeemed", report.couponCodesRedeemed),
                ("Keepsake codes already redeemed by another order", report.couponCodesRedeemedBefore),
                ("codes not Keepsake's (the shop's own)", report.shopCodes),
                ("further line item rows", report.lineItemRowsPassedOver),
                ("rejected rows", report.rowsRejected),
            ]
        }
        return [
            ("new", report.inserted),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
            ("skipped (address was forgotten)", report.skippedForgotten),
            ("consent events recorded", report.consentRecorded),
            ("consent unchanged", report.consentUnchanged),
            ("consent older than the ledger (not recorded)", report.consentOlderThanLedger),
            ("consent refused (address was forgotten)", report.consentRefused),
            ("topic choices recorded", report.topicChoicesRecorded),
            ("rejected rows", report.rowsRejected),
        ]
    }
}

/// One line about a consent command's outcome.
enum ConsentOutcomeText {
    static func describe(_ outcome: ConsentOutcome, email: String) -> String {
        switch outcome {
        case .recorded(let status): return "recorded: \(email) is now \(status.rawValue)"
        case .unchanged: return "unchanged: \(email) already had that status; nothing recorded"
        case .olderThanLedger:
            return "not recorded: the ledger already holds a later event for \(email) (see `keepsake consent log \(email)`)"
        case .refusedForgotten:
            return "refused: \(email) was erased (`keepsake customers forget`); Keepsake never records consent for it again"
        }
    }
}
