import ArgumentParser
import Campaigns
import CustomerImport
import Foundation
import Store
import StrictYAML

/// `keepsake import`: customers and orders from CSV files into the store.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import customers or orders from a CSV file (Keepsake's format, Shopify, WooCommerce).",
        discussion: """
            A file is imported all or nothing: if any row is invalid, every problem is listed as \
            FILE:ROW: column: message (ROW is the line the record starts on; the header is line 1) \
            and the store is left exactly as it was. Fix the file and run the command again; rows \
            that did not change are left alone, so re-importing is always safe.

            Examples:
              keepsake import customers customers.csv --dry-run
              keepsake import customers customers.csv
              keepsake import customers shopify-customers.csv --preset shopify-customers
              keepsake import customers export.csv --mapping my-shop.yaml
              keepsake import customers big.csv --skip-invalid --rejects rejected.csv
              keepsake import orders orders.csv
            """,
        subcommands: [Customers.self, Orders.self]
    )
}

/// The options both `import customers` and `import orders` take.
struct ImportFileOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The CSV file (UTF-8, comma-separated, header on line 1).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp(
        "A mapping file (YAML) from the file's column names to Keepsake's fields.", valueName: "file"))
    var mapping: String?

    @Option(help: ArgumentHelp(
        "A shipped mapping: \(ImportMapping.presetNames.joined(separator: ", ")).", valueName: "name"))
    var preset: String?

    @Flag(help: "Report what would change (new, updated, unchanged, consent changes) and write nothing.")
    var dryRun = false

    @Flag(help: "Import the valid rows and write the invalid ones, with their problems, to --rejects.")
    var skipInvalid = false

    @Option(help: ArgumentHelp("Where --skip-invalid writes the rejected rows (CSV).", valueName: "file"))
    var rejects: String?

    func validate() throws {
        if mapping != nil && preset != nil { throw ValidationError("use --mapping or --preset, not both") }
        if skipInvalid && rejects == nil {
            throw ValidationError("--skip-invalid needs --rejects FILE: the rejected rows must go somewhere")
        }
        if rejects != nil && !skipInvalid { throw ValidationError("--rejects goes with --skip-invalid") }
        if let preset, !ImportMapping.presetNames.contains(preset) {
            throw ValidationError("--preset \(preset): unknown; the presets are \(ImportMapping.presetNames.joined(separator: ", "))")
        }
    }

    /// The mapping in force, or the problem with the mapping file (printed; exit 65).
    func loadMapping(default kind: ImportMapping.Kind) throws -> ImportMapping {
        do {
            if let mapping { return try ImportMapping(contentsOfFile: mapping) }
            if let preset { return try ImportMapping.preset(named: preset) }
        } catch {
            printError("keepsake: \(error)")
            throw ExitCode(65)
        }
        return .identity(kind)
    }

    /// Runs an importer with a progress display and prints its report.
    func run(
        kind: ImportMapping.Kind, storeOptions: StoreOptions,
        _ importer: (KeepsakeStore, ImportOptions) throws -> ImportReport
    ) throws {
        let mapping = try loadMapping(default: kind)
        guard mapping.kind == kind else {
            throw ValidationError("the mapping is for \(mapping.kind.rawValue), not \(kind.rawValue): use `keepsake import \(mapping.kind.rawValue)`")
        }
        guard FileManager.default.isReadableFile(atPath: file) else {
            printError("keepsake: cannot read \(file): no such file, or not readable")
            throw ExitCode(66)
        }
        let store: KeepsakeStore
        let scratch: ScratchStore?
        if dryRun, try !storeOptions.storeExists() {
            // A dry run creates no file: with no store yet, it compares the file with an empty one.
            scratch = try ScratchStore()
            store = scratch!.store
            print("the customer store \(try storeOptions.databasePath()) does not exist yet; comparing with an empty store")
        } else {
            scratch = nil
            store = try storeOptions.open(.createWhenMissing)
        }
        defer { scratch?.remove() }
        let progress = ProgressReporter(label: "importing \(file)")
        let report: ImportReport
        do {
            report = try importer(store, ImportOptions(
                mapping: mapping, dryRun: dryRun, rejectsPath: rejects, displayName: file,
                progress: { update in
                    let fraction = update.fileSize.map { $0 > 0 ? Double(update.bytesRead) / Double($0) : 1 } ?? 0
                    progress.update(rows: update.rowsRead, fraction: fraction)
                }))
        } catch {
            progress.finish()
            printError("keepsake: \(error)")
            throw ExitCode(74)
        }
        progress.finish()
        ImportReportText.print(report, dryRun: dryRun)
        // The same verdict with and without --dry-run.
        if report.refused { throw ExitCode(65) }
    }
}

/// An empty store in a new temporary directory, for a dry run when the store does not exist yet.
struct ScratchStore {
    let directory: URL
    let store: KeepsakeStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-dry-run-\(UUID().uuidString)")
        store = try KeepsakeStore(path: directory.appendingPathComponent("keepsake.sqlite").path)
    }

    /// Removes the directory and the store in it.
    func remove() { try? FileManager.default.removeItem(at: directory) }
}

extension ImportCommand {
    struct Customers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import customers: upsert by id, and record consent changes in the ledger.",
            discussion: """
                Columns (Keepsake's own format; see README for mappings): id, email, first_name, \
                last_name, locale, timezone, country, calendar, birthday, first_order_at, \
                last_order_at, orders_count, total_spent, currency, tags, consent, consent_at, \
                consent_source, consent_ip, consent_wording, topics_left. Any other column is \
                kept as an attribute for segments and templates.

                topics_left lists the calendar's topics the customer left, separated by ; (empty: \
                every topic kept). It is read with the row's consent: each topic whose consent \
                changes becomes a consent-ledger event with the row's consent_at and consent_source.
                """
        )

        @OptionGroup var fileOptions: ImportFileOptions
        @OptionGroup var storeOptions: StoreOptions

        @Option(help: ArgumentHelp(
            "The folder with calendar.yaml, for the topics topics_left may name (default: daemon.campaigns).",
            valueName: "dir"))
        var campaigns: String?

        func run() throws {
            // The calendar is read only for its topics; a file without topics_left does not need it.
            let directory = campaigns ?? (try? storeOptions.configurationOptions.load().daemon.campaignsDirectory)
            let topics = directory.flatMap { CampaignSet.load(directory: $0).calendar?.topics.map(\.id) }
            try fileOptions.run(kind: .customers, storeOptions: storeOptions) { store, options in
                try CustomerImporter(store: store, options: options, topics: topics).run(path: fileOptions.file)
            }
        }
    }

    struct Orders: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import orders: count them for their customers, redeem Keepsake codes, attribute them to messages.",
            discussion: """
                Columns: order_id, customer_id or email, created_at, total, currency, status \
                (counted, refunded or cancelled; counted when empty), discount_codes (separated by \
                commas), and per line item product_id, sku, title, quantity, price. With line items, \
                give one row per line: the order's fields are read from its first row, and the rows \
                right after it with the same order_id add its further lines. Presets: \
                shopify-orders, woocommerce-orders.

                Importing the same order twice changes nothing (orders are keyed by order_id), \
                except that a later export with another status (refunded, cancelled) updates it. \
                Orders of unknown customers are stored as guest orders (`keepsake orders \
                unmatched`). Each counted order is attributed once (`keepsake orders explain ID`), \
                under the attribution windows of the campaign files.
                """
        )

        @OptionGroup var fileOptions: ImportFileOptions
        @OptionGroup var storeOptions: StoreOptions

        @Option(help: ArgumentHelp(
            "The folder with calendar.yaml and the campaign files, for the attribution windows (default: daemon.campaigns).",
            valueName: "dir"))
        var campaigns: String?

        func run() throws {
            let directory = try campaigns ?? storeOptions.configurationOptions.load().daemon.campaignsDirectory
            let windows = AttributionWindowsLoader.load(directory: directory, command: "keepsake import orders")
            try fileOptions.run(kind: .orders, storeOptions: storeOptions) { store, options in
                try OrderImporter(store: store, options: options, windows: windows).run(path: fileOptions.file)
            }
        }
    }
}
