/// The keys of the configuration file, and the environment variables that override them.
enum ConfigurationSchema {
    /// The keys allowed in each section, by the section's key path (the top level is "").
    static let sections: [String: Set<String>] = [
        "": ["smtp", "sender", "database", "unsubscribe", "daemon", "dkim", "inbound", "web"],
        "smtp": [
            "url", "starttls", "helo_name", "username", "password_file", "password_env", "password_credential",
            "verify_certificates", "ca_file", "connections", "rate", "per_domain_connections", "timeouts",
        ],
        "smtp.timeouts": ["connect", "reply", "total"],
        "sender": ["from", "envelope_from", "reply_to", "allowed_domains", "message_id_domain", "verp"],
        "database": ["path", "url", "password_file", "password_credential", "tls", "ca_file"],
        "web": ["report_token_file", "report_token_credential"],
        "unsubscribe": ["mailto", "base_url", "secret_file", "listen", "trusted_proxies"],
        "daemon": ["tick", "in_doubt", "drain_timeout", "relay_alarm", "campaigns", "templates", "suppression_breaker"],
        "inbound": [
            "spool", "maildir", "imap", "poll_interval", "temporary_failure_limit", "temporary_failure_period", "campaign_pause",
        ],
        "inbound.imap": [
            "url", "user", "password_file", "password_credential", "folder", "processed_folder", "kept_aside_folder", "starttls",
            "ca_file",
        ],
        "inbound.campaign_pause": ["complaint_rate", "hard_bounce_rate", "minimum_deliveries"],
        "dkim": [
            "domain", "selector", "private_key_file", "private_key_credential",
            "ed25519_selector", "ed25519_private_key_file", "ed25519_private_key_credential",
        ],
    ]

    /// The key paths of every setting (every key that is not a section).
    static let settingPaths: [String] = sections.flatMap { section, keys in
        keys.map { section.isEmpty ? $0 : "\(section).\($0)" }
    }
    .filter { sections[$0] == nil }
    .sorted()

    /// The variable holding the SMTP password itself (the password sources in the file are preferred).
    static let passwordVariable = "KEEPSAKE_SMTP_PASSWORD"
    /// The variable naming the configuration file.
    static let configurationFileVariable = "KEEPSAKE_CONFIG"
    /// `KEEPSAKE_*` variables read elsewhere, which are not settings: the log level, and the
    /// planner's test hooks (the daemon's `DayPlanner`: end after planning batch k; batch size) and
    /// inbound mail's (killed between a message's commit and its move).
    static let otherVariables: Set<String> = [
        configurationFileVariable, "KEEPSAKE_LOG_LEVEL", "KEEPSAKE_TEST_EXIT_AFTER_PLAN_BATCH", "KEEPSAKE_TEST_PLAN_BATCH_SIZE",
        "KEEPSAKE_TEST_KILL_AFTER_INBOUND_COMMIT",
    ]

    /// `smtp.timeouts.connect` → `KEEPSAKE_SMTP_TIMEOUTS_CONNECT`.
    static func environmentVariable(for keyPath: String) -> String {
        "KEEPSAKE_" + keyPath.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// Every variable that overrides a setting, with the key path it overrides.
    static let overridingVariables: [String: String] = Dictionary(
        uniqueKeysWithValues: settingPaths.map { (environmentVariable(for: $0), $0) }
    )
}
