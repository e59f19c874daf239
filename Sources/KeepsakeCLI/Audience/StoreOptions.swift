import ArgumentParser
import Configuration
import Foundation
import PostgresStore
import Store

/// The options of every command that reads or writes the customer store: `--config FILE` and
/// `--database FILE`.
struct StoreOptions: ParsableArguments {
    @OptionGroup var configurationOptions: ConfigurationOptions

    @Option(
        help: ArgumentHelp(
            "The SQLite database file.",
            discussion: "Overrides database.path of the configuration (and $KEEPSAKE_DATABASE_PATH), and opens this file "
                + "even when the configuration's database.url names a PostgreSQL store. "
                + "Development default: ./keepsake.sqlite; the service uses /var/lib/keepsake/keepsake.sqlite.",
            valueName: "file"
        )
    )
    var database: String?

    /// The database path in force: --database, else the configuration's.
    func databasePath() throws -> String {
        if let database { return database }
        return try configurationOptions.load().databasePath
    }

    /// The PostgreSQL store the configuration's `database.url` names, or nil: SQLite (also when
    /// `--database` names a file).
    func postgresSettings() throws -> PostgresSettings? {
        guard database == nil else { return nil }
        return try configurationOptions.load().postgres
    }

    /// Whether the store exists already: its SQLite file, or always for PostgreSQL (the database is
    /// the operator's, made with `createdb`; Keepsake only migrates it).
    func storeExists() throws -> Bool {
        try postgresSettings() != nil || FileManager.default.fileExists(atPath: try databasePath())
    }

    /// Opens (and migrates when needed) the store, or prints why not and exits: 66 (EX_NOINPUT)
    /// when the file is missing and `mode` is `.mustExist`, the default for commands that only
    /// read; 78 otherwise. Commands that record something pass `.createWhenMissing`.
    ///
    /// With `database.url` the store is on PostgreSQL, never SQLite: a server that cannot be
    /// reached or refuses the login is an error naming database.url.
    func open(_ mode: KeepsakeStore.OpenMode = .mustExist) throws -> KeepsakeStore {
        let postgres = try postgresSettings()
        let path = try postgres == nil ? databasePath() : ""
        do {
            if let postgres {
                return try KeepsakeStore(database: try PostgresStoreDatabase(settings: postgres), location: postgres.url)
            }
            return try KeepsakeStore(path: path, mode: mode)
        } catch let error as StoreError where error.code == .missingStore {
            printError("keepsake: \(error)")
            throw ExitCode(66)
        } catch {
            printError("keepsake: \(error)")
            throw KeepsakeExitCode.configurationError
        }
    }
}

/// Who is running the command, for the consent ledger's `recorded_by`: `keepsake import (user root)`.
func recordedBy(_ command: String) -> String {
    let environment = ProcessInfo.processInfo.environment
    let user = environment["SUDO_USER"] ?? environment["USER"]
        ?? getpwuid(getuid()).flatMap { String(cString: $0.pointee.pw_name) } ?? "uid \(getuid())"
    return "keepsake \(command) (user \(user))"
}
