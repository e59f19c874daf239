import SMTP
import StrictYAML

/// Builds the ``SMTPConfiguration`` from the `smtp` settings, positioning its errors.
enum SMTPSettings {
    static let connectionsRange = 1...64

    /// The default of `smtp.connections`.
    static let defaultConnections = 4

    /// - Parameter readsPassword: Whether to read the password now (a command that sends), or to
    ///   leave the credentials out (one that sends nothing: its password source is checked, not read).
    static func read(
        _ settings: SettingsReader, environment: [String: String], readsPassword: Bool = true
    ) throws(YAMLError) -> (configuration: SMTPConfiguration, connections: Int) {
        let url = try settings.required("smtp.url", example: "smtp://relay.example.net:587")
        let startTLSValue = try settings.required("smtp.starttls", example: "required")
        let startTLSText = try startTLSValue.oneOf(SMTPConfiguration.StartTLSPolicy.allCases.map(\.rawValue))
        let startTLS = SMTPConfiguration.StartTLSPolicy(rawValue: startTLSText) ?? .required
        let heloName = settings.explicit("smtp.helo_name")
        let credentials = try readCredentials(settings, environment: environment, readsPassword: readsPassword)
        let caFile = try settings.explicit("smtp.ca_file")?.string()
        let verifyCertificates = try settings.value("smtp.verify_certificates")?.bool() ?? true
        let connections = try settings.value("smtp.connections")?.int(in: connectionsRange) ?? defaultConnections
        let timeouts = try ["connect", "reply", "total"].map { name throws(YAMLError) in
            try positiveDuration(settings.value("smtp.timeouts.\(name)"))
        }
        let urlText = try url.string()
        let heloNameText = try heloName?.string()
        do {
            let configuration = try SMTPConfiguration(
                url: urlText,
                startTLS: startTLS,
                heloName: heloNameText,
                credentials: credentials?.credentials,
                verifyCertificates: verifyCertificates,
                caFile: caFile,
                connectTimeout: timeouts[0] ?? .seconds(10),
                replyTimeout: timeouts[1] ?? .seconds(60),
                totalTimeout: timeouts[2] ?? .seconds(300)
            )
            return (configuration, connections)
        } catch {
            let value: YAMLValue? = switch error.code {
            case .plaintextToRemoteRelay: settings.explicit("smtp.starttls") ?? url
            case .invalidHeloName: heloName
            case .invalidCredentials: credentials?.username
            default: url
            }
            var message = error.message
            if error.code == .plaintextToRemoteRelay, settings.explicit("smtp.starttls") == nil, settings.sections.isEmpty {
                message += " (without a configuration file, starttls is off: set KEEPSAKE_SMTP_STARTTLS=required)"
            }
            throw (value ?? url).error(.invalidValue, message)
        }
    }

    /// The pacing settings: `smtp.rate` and `smtp.per_domain_connections`.
    static func readPacing(_ settings: SettingsReader) throws(YAMLError) -> PacingSettings {
        let rate = try settings.explicit("smtp.rate")?.convert { try SendingRate(parsing: $0) }
        let perDomain = try settings.explicit("smtp.per_domain_connections")?.int(in: connectionsRange)
        return PacingSettings(rate: rate, perDomainConnections: perDomain)
    }

    private static func positiveDuration(_ value: YAMLValue?) throws(YAMLError) -> Duration? {
        guard let value else { return nil }
        let duration = try value.duration()
        guard duration > .zero else {
            throw value.error(.invalidValue, "a timeout must be longer than zero, such as 30s")
        }
        return duration
    }

    private static func readCredentials(
        _ settings: SettingsReader, environment: [String: String], readsPassword: Bool
    ) throws(YAMLError) -> (credentials: SMTPConfiguration.Credentials, username: YAMLValue)? {
        let username = settings.explicit("smtp.username")
        let source = try PasswordSource.find(in: settings)
        switch (username, source) {
        case (nil, nil):
            return nil
        case let (username?, nil):
            throw username.error(.missingKey, "a username needs a password: add password_file, password_env or password_credential to the smtp section (or set KEEPSAKE_SMTP_PASSWORD)")
        case let (nil, source?):
            throw source.value.error(.missingKey, "a password needs a username: add username to the smtp section (or set KEEPSAKE_SMTP_USERNAME), or remove the password")
        case (_?, _?) where !readsPassword:
            return nil
        case let (username?, source?):
            let credentials = SMTPConfiguration.Credentials(username: try username.string(), password: try source.read(environment: environment))
            return (credentials, username)
        }
    }
}

