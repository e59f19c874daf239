import ArgumentParser

/// The `keepsake` command: retention email for online shops.
public struct Keepsake: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "keepsake",
        abstract: "Retention email for online shops: birthdays, anniversaries, win-backs, holidays, follow-ups.",
        discussion: """
            Keepsake reads the communication calendar and campaign files your marketers keep in \
            git, picks each day's recipients among customers who opted in, renders each one's \
            message in their language and calendar, and sends it through your SMTP relay.

            Start here:
              keepsake send-test --to you@example.com
                  checks that the relay accepts mail from Keepsake
              keepsake import customers customers.csv --dry-run
                  shows what importing your shop's customers would change
              keepsake consent log you@example.com
                  shows the consent history Keepsake mails on

            Settings come from /etc/keepsake/keepsake.yaml (or --config FILE, or \
            $KEEPSAKE_CONFIG), and every setting can be overridden by an environment variable \
            such as KEEPSAKE_SMTP_URL.
            """,
        version: KeepsakeVersion.current,
        subcommands: [
            ValidateCommand.self, PreviewCommand.self, ExplainCommand.self, CouponsCommand.self, RunCommand.self, StatusCommand.self,
            PauseCommand.self, ResumeCommand.self, DeliveriesCommand.self, SuppressionCommand.self, SendTest.self,
            ImportCommand.self, OrdersCommand.self, ConsentCommand.self, CustomersCommand.self, BackupCommand.self, StoreCommand.self, DKIMCommand.self, InboundCommand.self,
            ReportCommand.self,
        ]
    )

    public init() {}
}

/// Exit codes shared by the commands, in the spirit of sysexits.h so that scripts can react.
public enum KeepsakeExitCode {
    /// The relay refused for good (5xx, or a TLS/AUTH configuration failure).
    public static let permanentFailure = ExitCode(1)
    /// The end-of-data marker was sent but no verdict came back: the message may have been delivered.
    public static let unknownOutcome = ExitCode(3)
    /// Try again later (4xx, timeout, relay unreachable). sysexits EX_TEMPFAIL.
    public static let transientFailure = ExitCode(75)
    /// The configuration file or an environment override is wrong. sysexits EX_CONFIG.
    public static let configurationError = ExitCode(78)
}
