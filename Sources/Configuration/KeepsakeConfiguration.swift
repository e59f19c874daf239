import Foundation
import Mail
import SMTP
import StrictYAML

/// Everything the operator configures: the relay, the sender identity, the database, unsubscribe addresses and DKIM.
///
/// Read from one YAML file (``defaultPath``, `--config FILE` or `$KEEPSAKE_CONFIG`), or from embedded
/// development defaults when there is none, with `KEEPSAKE_*` environment variables on top.
/// See `CONFIGURATION.md` beside this file for every key.
public struct KeepsakeConfiguration: Sendable {
    /// How to reach and talk to the relay (`smtp.*`).
    public var smtp: SMTPConfiguration
    /// How many relay connections to keep open at once (`smtp.connections`, 1 to 64, default 4).
    public var connections: Int
    /// How fast to send (`smtp.rate`) and how many transfers per recipient domain at once
    /// (`smtp.per_domain_connections`); the daemon's ``Pacer`` is made from these.
    public var pacing: PacingSettings
    /// Who the messages are from (`sender.*`).
    public var sender: SenderIdentity
    /// The SQLite database file (`database.path`).
    public var databasePath: String
    /// The store on PostgreSQL (`database.url` and the settings beside it); nil: SQLite at ``databasePath``.
    public var postgres: PostgresSettings?
    /// Where recipients can unsubscribe (`unsubscribe.*`).
    public var unsubscribe: UnsubscribeSettings
    /// How `keepsake run` works (`daemon.*`).
    public var daemon: DaemonSettings
    /// DKIM signing (`dkim.*`), or nil when messages go out unsigned.
    public var dkim: DKIMSettings?
    /// Where returned mail comes in (`inbound.*`); none by default.
    public var inbound = InboundConfiguration()
    /// The listener's report page (`web.*`): its token.
    public var web = WebSettings()
    /// The secrets a reload cannot re-read (a systemd credential, an environment variable), one
    /// phrase each, such as `the SMTP password (systemd credential smtp-password)`: changing one
    /// needs `systemctl restart keepsake`.
    public var startOnlySecrets: [String] = []
    /// Why ``dkim`` is nil although `dkim.*` is set: its key cannot be read here (loaded for
    /// ``SecretUse/notSending``), positioned at the key's setting. Nil otherwise.
    public var unreadableDKIMKey: String?
    /// Where the settings came from, for logs: `embedded defaults` or the file's path, followed by
    /// ` + environment (N overrides)` when `KEEPSAKE_*` variables changed any.
    public var source: String

    /// The file read when neither `--config` nor `KEEPSAKE_CONFIG` names one.
    public static let defaultPath = "/etc/keepsake/keepsake.yaml"

    /// Creates a configuration from its parts.
    public init(
        smtp: SMTPConfiguration, connections: Int = 4, pacing: PacingSettings = .unlimited,
        sender: SenderIdentity, databasePath: String,
        unsubscribe: UnsubscribeSettings = UnsubscribeSettings(), daemon: DaemonSettings = DaemonSettings(),
        dkim: DKIMSettings? = nil, unreadableDKIMKey: String? = nil, source: String
    ) {
        self.smtp = smtp
        self.connections = connections
        self.pacing = pacing
        self.sender = sender
        self.databasePath = databasePath
        self.unsubscribe = unsubscribe
        self.daemon = daemon
        self.dkim = dkim
        self.unreadableDKIMKey = unreadableDKIMKey
        self.source = source
    }

    /// Loads the configuration.
    ///
    /// The file is `path` when given (it must exist), else `environment["KEEPSAKE_CONFIG"]` when set
    /// (it must exist), else ``defaultPath`` if it exists, else none: the embedded development defaults
    /// (a relay on `smtp://127.0.0.1:2525` without TLS, sender `Keepsake Demo <demo@keepsake.test>`,
    /// database `./keepsake.sqlite`). Environment overrides apply on top of either.
    ///
    /// - Parameters:
    ///   - path: The file given with `--config`, or nil.
    ///   - environment: The process environment.
    ///   - use: Whether the command sends, and so needs the SMTP password and the DKIM keys now.
    /// - Throws: ``ConfigurationError`` naming the file, line, column and key of a mistake, or the
    ///   environment variable at fault.
    public static func load(
        path: String?, environment: [String: String], use: SecretUse = .sending
    ) throws(ConfigurationError) -> KeepsakeConfiguration {
        try load(path: path, environment: environment, defaultPath: defaultPath, use: use)
    }

    /// ``load(path:environment:use:)`` with another default path, for tests.
    static func load(
        path: String?, environment: [String: String], defaultPath: String, use: SecretUse = .sending
    ) throws(ConfigurationError) -> KeepsakeConfiguration {
        let overrides = try EnvironmentOverrides(environment)
        let file = try ConfigurationFile.locate(path: path, environment: environment, defaultPath: defaultPath)
        var source = file?.path ?? "embedded defaults"
        if overrides.count > 0 {
            source += " + environment (\(overrides.count) override\(overrides.count == 1 ? "" : "s"))"
        }
        do {
            let document = try file.map { file throws(ConfigurationError) in try file.parse() }
            let settings = try SettingsReader(
                document: document,
                overrides: overrides,
                defaults: file == nil ? Defaults.embedded : Defaults.file,
                defaultsOrigin: file == nil ? "embedded defaults" : "default"
            )
            let (smtp, connections) = try SMTPSettings.read(settings, environment: environment, readsPassword: use == .sending)
            let sender = try SenderIdentity.read(settings)
            var unreadableDKIMKey: YAMLError?
            let dkim = try DKIMSettings.read(settings, sender: sender, environment: environment, unreadableKey: &unreadableDKIMKey)
            if use == .sending, let unreadableDKIMKey { throw unreadableDKIMKey }
            var configuration = KeepsakeConfiguration(
                smtp: smtp,
                connections: connections,
                pacing: try SMTPSettings.readPacing(settings),
                sender: sender,
                databasePath: try settings.required("database.path", example: "/var/lib/keepsake/keepsake.sqlite").string(),
                unsubscribe: try UnsubscribeSettings.read(settings),
                daemon: try DaemonSettings.read(settings),
                dkim: dkim,
                unreadableDKIMKey: unreadableDKIMKey?.description,
                source: source
            )
            configuration.startOnlySecrets = try StartOnlySecrets.find(settings)
            configuration.inbound = try InboundConfiguration.read(settings)
            configuration.postgres = try PostgresSettings.read(settings, environment: environment)
            configuration.web = try WebSettings.read(settings, environment: environment)
            // With a source of returned mail, VERP ties each bounce to its delivery unless turned off.
            if configuration.inbound.hasSource, settings.value("sender.verp") == nil {
                let envelope = configuration.sender.envelopeFrom
                guard !envelope.localPart.contains("+"), envelope.localPart.utf8.count <= SenderIdentity.maximumVERPLocalPartLength else {
                    throw ConfigurationError(
                        .invalidSetting,
                        "an inbound source turns sender.verp on, which adds +TOKEN to the envelope sender \(envelope); it needs a "
                            + "local part without \"+\" of at most \(SenderIdentity.maximumVERPLocalPartLength) characters: set "
                            + "sender.envelope_from to an address such as bounces@\(envelope.domain), or sender.verp: false")
                }
                configuration.sender.verp = true
            }
            return configuration
        } catch let error as YAMLError {
            throw ConfigurationError(error)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(.invalidSetting, "\(error)")
        }
    }
}

/// The defaults of settings the operator did not give.
enum Defaults {
    /// Without a file: a local capture relay, for `make demo` and development.
    static let embedded: [String: String] = [
        "smtp.url": "smtp://127.0.0.1:2525",
        "smtp.starttls": "off",
        "sender.from": "Keepsake Demo <demo@keepsake.test>",
        // The shipped sample campaigns send from shop.example.
        "sender.allowed_domains": "keepsake.test, shop.example",
        // One-click unsubscribe links for the demo and previews (the endpoint arrives with issue 7).
        "unsubscribe.base_url": "https://shop.example/keepsake",
        "database.path": "./keepsake.sqlite",
    ]
    /// With a file: `smtp.url` and `sender.from` are required, and STARTTLS is required.
    static let file: [String: String] = [
        "smtp.starttls": "required",
        "database.path": "/var/lib/keepsake/keepsake.sqlite",
        "daemon.campaigns": "/etc/keepsake/campaigns",
        "daemon.templates": "/etc/keepsake/templates",
    ]
}
