import Foundation
import SMTP
import StrictYAML

/// Where the store is on PostgreSQL (`database.url: postgresql://USER@HOST:PORT/DATABASE`), how
/// Keepsake logs in, and how the connection is protected. Without `database.url` the store is
/// SQLite (`database.path`).
///
/// The password is never in the URL nor in the configuration file: it comes from a systemd
/// credential (`database.password_credential`) or a file (`database.password_file`). TLS is on and
/// the server's certificate and name are verified (`database.tls: required`, against
/// `database.ca_file` or the system's certificate authorities), except for a server on loopback or
/// a unix socket, where `database.tls: off` is the default and the only place it is allowed.
public struct PostgresSettings: Sendable, Equatable {
    /// How the connection is protected.
    public enum TLS: String, Sendable, CaseIterable {
        /// TLS, with the certificate and host name verified.
        case required
        /// No TLS: loopback and unix sockets only.
        case off
    }

    /// The server's host name or address, or nil for a unix socket.
    public var host: String?
    /// The folder holding the server's unix socket (`postgresql://USER@%2Frun%2Fpostgresql/DB`), or nil.
    public var socketDirectory: String?
    /// The TCP port (or the socket's number), 5432 unless the URL gives one.
    public var port: Int
    /// The login.
    public var user: String
    /// The database's name.
    public var database: String
    /// The password read from the credential or file, or nil (the server trusts the login).
    public var password: String?
    /// Whether the connection uses TLS.
    public var tls: TLS
    /// The certificate authorities to verify the server against (`database.ca_file`); nil: the system's.
    public var caFile: String?

    /// PostgreSQL's port when the URL gives none.
    public static let defaultPort = 5432

    /// Creates settings from their parts (tests, and the store copy's target).
    public init(
        host: String?, socketDirectory: String? = nil, port: Int = defaultPort, user: String, database: String,
        password: String? = nil, tls: TLS, caFile: String? = nil
    ) {
        self.host = host
        self.socketDirectory = socketDirectory
        self.port = port
        self.user = user
        self.database = database
        self.password = password
        self.tls = tls
        self.caFile = caFile
    }

    /// Whether the server is on this machine: a loopback address, `localhost` or a unix socket.
    public var isLocal: Bool {
        socketDirectory != nil || host.map(RelayEndpoint.isLoopback(host:)) ?? false
    }

    /// `USER@HOST:PORT/DATABASE`, for logs and errors (never the password).
    public var displayName: String {
        "\(user)@\(socketDirectory ?? (host?.contains(":") == true ? "[\(host!)]" : host ?? "")):\(port)/\(database)"
    }

    /// `postgresql://USER@HOST:PORT/DATABASE`, for `status` and errors (never the password).
    public var url: String { "postgresql://\(displayName)" }

    /// The PostgreSQL settings when `database.url` is given, nil otherwise (SQLite).
    static func read(_ settings: SettingsReader, environment: [String: String]) throws(YAMLError) -> PostgresSettings? {
        guard let urlValue = settings.explicit("database.url") else {
            for key in ["password_file", "password_credential", "tls", "ca_file"] {
                if let value = settings.explicit("database.\(key)") {
                    throw value.error(.invalidValue, "database.\(key) is for PostgreSQL: set database.url: postgresql://USER@HOST:5432/DATABASE too, or remove it (SQLite needs only database.path)")
                }
            }
            return nil
        }
        if let path = settings.explicit("database.path") {
            throw path.error(.invalidValue, "give one store: database.path (SQLite) or database.url (PostgreSQL), not both")
        }
        var result = try PostgresURL.parse(try urlValue.string(), at: urlValue)
        result.password = try readPassword(settings, environment: environment)
        let tlsValue = settings.explicit("database.tls")
        let tlsText = try tlsValue?.oneOf(TLS.allCases.map(\.rawValue))
        result.tls = tlsText.flatMap(TLS.init(rawValue:)) ?? (result.isLocal ? .off : .required)
        if result.tls == .off, !result.isLocal, let tlsValue {
            throw tlsValue.error(.invalidValue, "tls: off is allowed only for a server on loopback (127.0.0.1, ::1, localhost) or a unix socket, not \(result.host ?? ""); use tls: required (with database.ca_file for a private certificate authority)")
        }
        if let caValue = settings.explicit("database.ca_file") {
            let path = try caValue.string()
            guard result.tls == .required else {
                throw caValue.error(.invalidValue, "database.ca_file needs tls: required (it is off here); set database.tls: required or remove ca_file")
            }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw caValue.error(.invalidValue, "cannot read the certificate authority file \(path); give the PEM file of the authority that signed the server's certificate")
            }
            result.caFile = path
        }
        return result
    }

    private static func readPassword(_ settings: SettingsReader, environment: [String: String]) throws(YAMLError) -> String? {
        let file = settings.explicit("database.password_file")
        let credential = settings.explicit("database.password_credential")
        if file != nil, let credential {
            throw credential.error(.invalidValue, "give the database password once: database.password_file or database.password_credential, not both")
        }
        if let file {
            let path = try file.string()
            return try PasswordSource.contents(
                of: path, at: file, secret: "the database password",
                missing: "cannot read the database password file \(path); create it with the password on one line, readable only by the user Keepsake runs as")
        }
        if let credential {
            let path = try SystemdCredential.path(namedBy: credential, environment: environment, example: "database-password")
            return try PasswordSource.contents(of: path, at: credential, secret: "the database password", missing: SystemdCredential.missing(path))
        }
        return nil
    }
}
