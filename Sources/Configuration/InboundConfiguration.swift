import Foundation
import StrictYAML

/// Where returned mail comes in (`inbound.*`): the spool `keepsake inbound` writes for an MTA, a
/// Maildir folder, an IMAP mailbox — any of them, or none (the default: nothing is read).
public struct InboundConfiguration: Sendable, Hashable {
    /// The spool folder `keepsake inbound` writes to and the daemon reads as a Maildir (`inbound.spool`).
    public var spool: String?
    /// A Maildir folder the daemon reads (`inbound.maildir`); processed mail goes to its
    /// `.processed` subfolder, kept-aside mail to `.kept-aside`.
    public var maildir: String?
    /// An IMAP mailbox the daemon polls (`inbound.imap.*`).
    public var imap: IMAPInboundConfiguration?
    /// How often the daemon reads the sources (`inbound.poll_interval`, default 60 s).
    public var pollInterval: Duration
    /// Temporary failures of one address that suppress it (`inbound.temporary_failure_limit`, default 5)…
    public var temporaryFailureLimit: Int
    /// …within this period (`inbound.temporary_failure_period`, default 14d).
    public var temporaryFailurePeriod: Duration
    /// When a campaign pauses by its bounce or complaint rate (`inbound.campaign_pause.*`).
    public var campaignPause: CampaignPauseConfiguration

    public init(
        spool: String? = nil, maildir: String? = nil, imap: IMAPInboundConfiguration? = nil, pollInterval: Duration = .seconds(60),
        temporaryFailureLimit: Int = 5, temporaryFailurePeriod: Duration = .seconds(14 * 86_400),
        campaignPause: CampaignPauseConfiguration = .standard
    ) {
        self.spool = spool
        self.maildir = maildir
        self.imap = imap
        self.pollInterval = pollInterval
        self.temporaryFailureLimit = temporaryFailureLimit
        self.temporaryFailurePeriod = temporaryFailurePeriod
        self.campaignPause = campaignPause
    }

    /// Whether any source is configured: then VERP is on by default and the daemon reads returned mail.
    public var hasSource: Bool { spool != nil || maildir != nil || imap != nil }

    static func read(_ settings: SettingsReader) throws(YAMLError) -> InboundConfiguration {
        func folder(_ key: String) throws(YAMLError) -> String? {
            guard let value = settings.value(key) else { return nil }
            let path = try value.string()
            guard path.hasPrefix("/") else {
                throw value.error(.invalidValue, "expected an absolute folder path, such as /var/spool/keepsake/inbound, got \"\(path)\"")
            }
            return path
        }
        return InboundConfiguration(
            spool: try folder("inbound.spool"), maildir: try folder("inbound.maildir"), imap: try IMAPInboundConfiguration.read(settings),
            pollInterval: try settings.duration("inbound.poll_interval", default: .seconds(60)),
            temporaryFailureLimit: try settings.value("inbound.temporary_failure_limit")?.int(in: 1...1_000) ?? 5,
            temporaryFailurePeriod: try settings.duration("inbound.temporary_failure_period", default: .seconds(14 * 86_400)),
            campaignPause: try CampaignPauseConfiguration.read(settings))
    }
}

/// An IMAP mailbox of returned mail (`inbound.imap.*`), read through libcurl.
public struct IMAPInboundConfiguration: Sendable, Hashable {
    /// `imaps://host[:port]` or `imap://host[:port]` (`inbound.imap.url`).
    public var url: URL
    /// The login (`inbound.imap.user`).
    public var user: String
    /// Where the password is: a file (`inbound.imap.password_file`) or a systemd credential
    /// (`inbound.imap.password_credential`), read when the daemon starts.
    public var passwordFile: String?
    public var passwordCredential: String?
    /// The folder read (`inbound.imap.folder`, default INBOX), and where mail goes once committed
    /// (`processed_folder`, default Keepsake.Processed; `kept_aside_folder`, default Keepsake.Kept aside).
    public var folder: String
    public var processedFolder: String
    public var keptAsideFolder: String
    /// Whether `imap://` must upgrade with STARTTLS (`inbound.imap.starttls`, default true).
    public var requireSTARTTLS: Bool
    /// A PEM file of CA certificates for a server with a private CA (`inbound.imap.ca_file`,
    /// default the system's CA store), as `smtp.ca_file`.
    public var caFile: String?

    static func read(_ settings: SettingsReader) throws(YAMLError) -> IMAPInboundConfiguration? {
        guard let urlValue = settings.value("inbound.imap.url") else { return nil }
        let text = try urlValue.string()
        guard let url = URL(string: text), ["imap", "imaps"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
            throw urlValue.error(.invalidValue, "expected imaps://host or imap://host, such as imaps://mail.shop.example, got \"\(text)\"")
        }
        let user = try settings.required("inbound.imap.user", example: "bounces@shop.example").string()
        let passwordFile = try settings.value("inbound.imap.password_file")?.string()
        let passwordCredential = try settings.value("inbound.imap.password_credential")?.string()
        if passwordFile == nil && passwordCredential == nil {
            throw urlValue.error(.invalidValue, "an IMAP mailbox needs inbound.imap.password_file or inbound.imap.password_credential")
        }
        return IMAPInboundConfiguration(
            url: url, user: user, passwordFile: passwordFile, passwordCredential: passwordCredential,
            folder: try settings.value("inbound.imap.folder")?.string() ?? "INBOX",
            processedFolder: try settings.value("inbound.imap.processed_folder")?.string() ?? "Keepsake.Processed",
            keptAsideFolder: try settings.value("inbound.imap.kept_aside_folder")?.string() ?? "Keepsake.Kept aside",
            requireSTARTTLS: try settings.value("inbound.imap.starttls")?.bool() ?? true,
            caFile: try settings.value("inbound.imap.ca_file")?.string())
    }
}
