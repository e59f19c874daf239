import Configuration
import Foundation
import KeepsakeTestSupport
import PostgresStore
import Store

/// A fresh store with the sample customers plus a generated audience in the zones at both ends
/// of the clock (UTC+14 and UTC−11), the shipped campaigns and templates, and a capture server:
/// what the daemon's end-to-end and crash tests run against. The store is a SQLite file, or a
/// database on the tests' PostgreSQL server (`database.url`, given to every command through
/// `KEEPSAKE_DATABASE_URL` and `KEEPSAKE_DATABASE_PASSWORD_FILE`).
final class DaemonFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let directory: URL
    /// The SQLite file; on PostgreSQL, the store's `database.url`.
    let database: String
    /// The PostgreSQL database holding the store (nil: SQLite at ``database``).
    let postgres: PostgresTestDatabase?
    let server: CaptureServer
    /// The campaign files the daemon reads: the repository's, or a copy a reload test edits.
    var campaignsDirectory = DaemonFixture.repository.appendingPathComponent("campaigns")

    /// - Parameters:
    ///   - generated: Customers to generate with birthdays on `birthday` (MM-DD), spread over the
    ///     zones; `samples` adds the 2,000 sample customers.
    ///   - postgres: The database to keep the store in; nil for a SQLite file in the fixture's folder.
    init(
        generated: Int, birthday: String, samples: Bool = true, zones: [String] = DaemonFixture.zones,
        serverOptions: CaptureServer.Options = .init(), postgres: PostgresTestDatabase? = nil
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.postgres = postgres
        if let postgres {
            database = "postgresql://\(postgres.user)@127.0.0.1:\(postgres.port)/\(postgres.name)"
            try (postgres.password + "\n").write(to: directory.appendingPathComponent("database-password"), atomically: true, encoding: .utf8)
        } else {
            database = directory.appendingPathComponent("keepsake.sqlite").path
        }
        server = try CaptureServer.start(serverOptions)
        if samples {
            try importCustomers(Self.repository.appendingPathComponent("samples/customers-sample.csv").path)
        }
        if generated > 0 {
            try addGeneratedCustomers(generated, birthday: birthday, zones: zones)
        }
    }

    /// Imports `count` more generated customers, numbered from `first` (ids and addresses that
    /// do not clash with earlier ones), e.g. while the daemon runs.
    func addGeneratedCustomers(_ count: Int, first: Int = 0, birthday: String, zones: [String] = DaemonFixture.zones) throws {
        let file = directory.appendingPathComponent("generated-\(first).csv")
        try Self.generatedCustomers(count, first: first, birthday: birthday, zones: zones)
            .write(to: file, atomically: true, encoding: .utf8)
        try importCustomers(file.path)
    }

    /// Copies the repository's campaign files into the fixture's folder and runs the daemon on
    /// the copy, for tests that edit them; returns the copy.
    func useCopiedCampaigns() throws -> URL {
        let copy = directory.appendingPathComponent("campaigns")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("campaigns"), to: copy)
        campaignsDirectory = copy
        return copy
    }

    deinit {
        // KEEPSAKE_KEEP_CAPTURE keeps the store and the daemon's logs for a look after a failure.
        if ProcessInfo.processInfo.environment["KEEPSAKE_KEEP_CAPTURE"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// The store, opened in the test process (on PostgreSQL, with connections of its own).
    func openStore() throws -> KeepsakeStore {
        guard let postgres else { return try KeepsakeStore(path: database) }
        let settings = PostgresSettings(
            host: postgres.host, port: postgres.port, user: postgres.user, database: postgres.name, password: postgres.password, tls: .off)
        return try KeepsakeStore(database: try PostgresStoreDatabase(settings: settings), location: settings.url)
    }

    private func importCustomers(_ path: String) throws {
        let result = try keepsake(["import", "customers", path], files: false)
        guard result.status == 0 else { throw FixtureError("import \(path) failed: \(result.standardError)") }
    }

    /// Zones from the first to the last to see a day, with half- and quarter-hour offsets.
    static let zones = [
        "Pacific/Kiritimati", "Pacific/Auckland", "Asia/Tokyo", "Asia/Kathmandu", "Asia/Tehran", "Europe/Paris",
        "UTC", "America/St_Johns", "America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "Pacific/Pago_Pago",
    ]

    static func generatedCustomers(_ count: Int, first: Int = 0, birthday: String, zones: [String]) -> String {
        var lines = ["id,email,first_name,locale,timezone,calendar,birthday,first_order_at,orders_count,total_spent,currency,consent,consent_at,consent_source"]
        let locales = ["en", "fa-IR", "ar-SA"]
        for index in first..<(first + count) {
            let zone = zones[index % zones.count]
            let year = 1970 + index % 30
            let consent = index % 10 == 9 ? "opted_out" : "opted_in"
            lines.append("g\(String(format: "%05d", index)),gen\(index)@keepsake.test,Guest\(index),\(locales[index % 3]),\(zone),"
                + "gregorian,\(year)-\(birthday),2024-0\(1 + index % 9)-1\(index % 9)T10:00:00Z,1,50.00,USD,\(consent),2025-01-01T00:00:00Z,checkout checkbox")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs keepsake against the fixture's store, files and capture server, with `extraEnvironment`
    /// added (such as KEEPSAKE_DKIM_* variables).
    func keepsake(_ arguments: [String], files: Bool = true, extraEnvironment: [String: String] = [:]) throws -> KeepsakeBinary.Result {
        try KeepsakeBinary.run(fullArguments(arguments, files: files), environment: environment.merging(extraEnvironment) { _, new in new })
    }

    /// Starts keepsake against the fixture without waiting for it (its output goes to the
    /// fixture's folder): for signals.
    func launch(_ arguments: [String], files: Bool = true, extraEnvironment: [String: String] = [:]) throws -> (Process, log: URL) {
        let process = Process()
        process.executableURL = KeepsakeBinary.url
        process.arguments = fullArguments(arguments, files: files)
        // Nothing of the test runner's own systemd unit (if any) leaks into the daemon under test.
        let systemd: Set = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"]
        var base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KEEPSAKE_") && !systemd.contains($0.key) }
        base.merge(environment.merging(extraEnvironment) { _, new in new }) { _, new in new }
        process.environment = base
        let log = directory.appendingPathComponent("daemon-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, log)
    }

    private var environment: [String: String] {
        guard postgres != nil else { return ["KEEPSAKE_SMTP_URL": server.url] }
        return [
            "KEEPSAKE_SMTP_URL": server.url, "KEEPSAKE_DATABASE_URL": database,
            "KEEPSAKE_DATABASE_PASSWORD_FILE": directory.appendingPathComponent("database-password").path,
        ]
    }

    private func fullArguments(_ arguments: [String], files: Bool) -> [String] {
        var all = arguments + (postgres == nil ? ["--database", database] : [])
        if files {
            all += ["--campaigns", campaignsDirectory.path,
                    "--templates", Self.repository.appendingPathComponent("templates").path]
        }
        return all
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Instants for the tests, in ISO 8601 (UTC).
enum Instants {
    static func parse(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    static func text(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
