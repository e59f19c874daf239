import ArgumentParser
import Calendars
import CustomerImport
import Foundation
import KeepsakeDaemon
import Scheduler

/// `keepsake coupons`: the coupon codes campaigns give, for the shop's checkout.
struct CouponsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coupons",
        abstract: "Coupon codes for the shop's checkout.",
        subcommands: [CouponsExportCommand.self]
    )
}

/// `keepsake coupons export`: a campaign's codes over some days as CSV, before the mail goes out.
struct CouponsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a campaign's coupon codes for some days as CSV, for the shop to import before the mail goes out.",
        discussion: """
            Lists every code the campaign gives on the customers' local days --from to --to: \
            the codes already in the send ledger, with their delivery's status, and the codes \
            the planner will give that are not recorded yet (status planned) — the same plan \
            `keepsake preview` shows and the daemon sends. Import the file into the shop's \
            checkout (one use per code, limited to the customer's email if it can) before \
            those days begin; export again after changing campaigns or customers.

            Listing a code reserves it for its delivery: the message carries exactly the \
            exported code, retries and later exports show it again, and no other delivery of \
            any campaign ever gets it.

            The CSV (RFC 4180: UTF-8, CRLF line ends, a header row) has the columns:
              code        such as BDAY-7KQ2M9XDF3: the campaign's prefix, a dash and 10 of
                          ABCDEFGHJKLMNPQRSTUVWXYZ23456789 (no 0, O, 1 or I)
              customer    the shop's customer id
              email       the address the message goes to
              percent     the discount, such as 20
              expires     the last day the code is valid: YYYY-MM-DD, the
                          customer's local date (day + the coupon's valid_days)
              status      planned or deferred (still to go out), sending, sent,
                          in_doubt (may have arrived), or failed, expired,
                          cancelled (never reached the customer: disable the code)
              campaign    the campaign's id
              day         the customer's local day the message goes (or went) out
              occurrence  the date the message is about (the birthday, the anniversary, …)
              segment     the segment the delivery goes to (its coupon: may change percent)
              redeemed_by the order that used the code (imported with `keepsake import
                          orders`), empty while unused
              redeemed_at when that order was placed, as the shop's export gives it

            Examples:
              keepsake coupons export --campaign birthday \\
                  --from 2026-05-01 --to 2026-05-31 --out birthday-may.csv
              keepsake coupons export --campaign nowruz \\
                  --from 2026-03-20 --to 2026-03-22 > nowruz.csv

            Without --out the CSV goes to standard output. An existing --out file is never \
            replaced unless --force is given; the file appears whole or not at all.
            Exit status: 0 written, 64 bad flags or campaign, 65 campaign files with errors, \
            73 the file exists or cannot be created, 74 standard output cannot be written.
            """
    )

    @Option(help: ArgumentHelp("The campaign whose codes to list (its id, as in campaigns/ID.yaml).", valueName: "id"))
    var campaign: String

    @Option(help: ArgumentHelp("The first local day (YYYY-MM-DD).", valueName: "date"))
    var from: String

    @Option(help: ArgumentHelp("The last local day (YYYY-MM-DD); --from to --to spans at most \(maximumDays) days.", valueName: "date"))
    var to: String

    @Option(help: ArgumentHelp("Write the CSV into this new file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace --out if it exists.")
    var force = false

    @Option(help: ArgumentHelp("Plan from this instant instead of the clock (ISO 8601 with offset).", valueName: "instant"))
    var now: String?

    @OptionGroup var files: CampaignFilesOptions
    @OptionGroup var storeOptions: StoreOptions

    /// The longest range one export covers.
    static let maximumDays = 366

    /// The CSV's columns, in order.
    static let header = ["code", "customer", "email", "percent", "expires", "status", "campaign", "day", "occurrence",
                              "segment", "redeemed_by", "redeemed_at"]

    func validate() throws {
        let first = try Self.day(from, flag: "--from")
        let last = try Self.day(to, flag: "--to")
        guard first <= last else {
            throw ValidationError("--to \(to) is before --from \(from); give the first day with --from and the last with --to")
        }
        let days = first.days(until: last) + 1
        guard days <= Self.maximumDays else {
            throw ValidationError(
                "--from \(from) --to \(to) covers \(days) days; export at most \(Self.maximumDays) days at a time")
        }
        if let now { _ = try parsedNow(now) }
        if force, out == nil { throw ValidationError("--force replaces the --out file; give --out FILE, or leave --force out") }
    }

    private static func day(_ text: String, flag: String) throws -> LocalDate {
        guard let day = try? LocalDate(parsing: text) else {
            throw ValidationError("\(flag) \(text): write a day as YYYY-MM-DD, such as 2026-05-10")
        }
        return day
    }

    func run() throws {
        let settings = try storeOptions.configurationOptions.load()
        let output = out.map { CSVOutputFile(path: $0, replace: force) }
        do {
            try output?.checkWritable()
        } catch {
            printError("keepsake coupons export: \(error)")
            throw ExitCode(73)
        }
        let usable = try files.usable(settings, command: "keepsake coupons export")
        if settings.unsubscribe.usesDevelopmentSecret {
            printError("""
                keepsake coupons export: warning: unsubscribe.secret_file is not set, so these codes come from the \
                development key that anyone can recompute; set it before importing codes into a real shop
                """)
        }
        let store = try storeOptions.open()
        let composer = usable.composer
        let planner = usable.planner(store: store)
        let rows: [CouponExportRow]
        do {
            rows = try CouponExport(planner: planner, store: store, composer: composer).rows(
                campaignID: campaign, days: try LocalDate(parsing: from)...LocalDate(parsing: to),
                now: try now.map(parsedNow) ?? Date(), reservedBy: recordedBy("coupons export"))
        } catch let error as PlannerError {
            printError("keepsake coupons export: \(error)")
            throw ExitCode(64)
        }
        let write = { (writer: CSVWriter) in
            for row in rows {
                writer.write([
                    row.code, row.customerID, row.email, String(row.percent), row.expires.description, row.status,
                    row.campaignID, row.day.description, row.occurrence.description, row.segment,
                    row.redemption?.orderID ?? "", row.redemption?.placedAt ?? "",
                ])
            }
        }
        do {
            if let output {
                try output.write(header: Self.header, write)
            } else {
                let writer = CSVWriter(descriptor: STDOUT_FILENO, name: "standard output", header: Self.header, lineEnding: .crlf)
                write(writer)
                try writer.finish()
            }
        } catch let error as CSVOutputFile.Failure {
            printError("keepsake coupons export: \(error)")
            throw ExitCode(73)
        } catch let error as CSVError {
            printError("keepsake coupons export: \(error.message)")
            throw ExitCode(74)
        }
        printError("keepsake coupons export: \(Self.summary(rows))\(out.map { " written to \($0)" } ?? "")")
    }

    /// `1,042 codes (1,030 planned, 12 sent)`.
    static func summary(_ rows: [CouponExportRow]) -> String {
        let byStatus = Dictionary(grouping: rows, by: \.status).mapValues(\.count)
        let counts = byStatus.keys.sorted().map { "\(ProgressReporter.grouped(byStatus[$0]!)) \($0)" }.joined(separator: ", ")
        return "\(ProgressReporter.grouped(rows.count)) code\(rows.count == 1 ? "" : "s")\(counts.isEmpty ? "" : " (\(counts))")"
    }
}
