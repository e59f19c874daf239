/// How to reach and talk to the SMTP relay.
///
/// Built from the operator's configuration file. Validation happens here, so that a bad
/// combination (plaintext to a remote relay, say) is refused before anything is sent.
public struct SMTPConfiguration: Sendable, Hashable {
    /// What to do about STARTTLS on an `smtp://` relay. Ignored for `smtps://` (implicit TLS).
    public enum StartTLSPolicy: String, Sendable, Hashable, CaseIterable {
        /// Upgrade with STARTTLS or fail (the default).
        case required
        /// Upgrade when the server offers STARTTLS, otherwise continue in plaintext.
        case optional
        /// Never upgrade. Allowed only for a loopback relay.
        case off
    }

    /// The user name and password for SMTP AUTH.
    public struct Credentials: Sendable, Hashable {
        public var username: String
        public var password: String
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    /// A SASL mechanism to insist on. Nil lets libcurl pick the best one the relay offers.
    public enum AuthenticationMechanism: String, Sendable, Hashable, CaseIterable {
        case plain = "PLAIN"
        case login = "LOGIN"
    }

    /// `smtp` or `smtps`.
    public let scheme: String
    /// The relay's host name or IP address.
    public let host: String
    /// The relay's port (default 25 for `smtp://`, 465 for `smtps://`).
    public let port: Int
    /// STARTTLS policy for `smtp://`.
    public var startTLS: StartTLSPolicy
    /// The name sent with EHLO; nil lets libcurl choose.
    public var heloName: String?
    /// AUTH credentials, or nil to send without authenticating.
    public var credentials: Credentials?
    /// The AUTH mechanism to use; nil for libcurl's choice among those the relay offers.
    public var authenticationMechanism: AuthenticationMechanism?
    /// Verify the relay's certificate and host name (on by default).
    public var verifyCertificates: Bool
    /// A PEM file of CA certificates for a private relay, instead of the system's store.
    public var caFile: String?
    /// Time allowed to open the TCP connection (and finish TLS).
    public var connectTimeout: Duration
    /// Time allowed for each server reply.
    public var replyTimeout: Duration
    /// Time allowed for one whole transfer, from connecting to the reply after end of data.
    public var totalTimeout: Duration

    /// Creates a configuration for the relay at `url` (`smtp://host[:port]` or `smtps://host[:port]`).
    ///
    /// - Throws: ``SMTPConfigurationError`` for an unusable URL, a plaintext link to a relay
    ///   that is not on loopback, or timeouts that are not positive.
    public init(
        url: String,
        startTLS: StartTLSPolicy = .required,
        heloName: String? = nil,
        credentials: Credentials? = nil,
        authenticationMechanism: AuthenticationMechanism? = nil,
        verifyCertificates: Bool = true,
        caFile: String? = nil,
        connectTimeout: Duration = .seconds(10),
        replyTimeout: Duration = .seconds(60),
        totalTimeout: Duration = .seconds(300)
    ) throws(SMTPConfigurationError) {
        let endpoint = try RelayEndpoint(parsing: url)
        self.scheme = endpoint.scheme
        self.host = endpoint.host
        self.port = endpoint.port
        self.startTLS = startTLS
        self.heloName = heloName
        self.credentials = credentials
        self.authenticationMechanism = authenticationMechanism
        self.verifyCertificates = verifyCertificates
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.totalTimeout = totalTimeout
        try validate()
    }

    /// True for `smtps://`: TLS from the first byte.
    public var usesImplicitTLS: Bool { scheme == "smtps" }

    /// True when the relay is this machine (127.0.0.0/8, ::1 or localhost).
    public var isLoopback: Bool { RelayEndpoint.isLoopback(host: host) }

    /// The URL handed to libcurl. Its path is the EHLO name (see facts.md).
    var curlURL: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart):\(port)/\(heloName ?? "")"
    }

    /// Re-checks the invariants after a caller changed a property.
    public func validate() throws(SMTPConfigurationError) {
        if !usesImplicitTLS, startTLS == .off, !isLoopback {
            throw SMTPConfigurationError(
                .plaintextToRemoteRelay,
                "starttls: off is allowed only for a relay on loopback (127.0.0.1, ::1, localhost), not \(host); use starttls: required or smtps://"
            )
        }
        if let heloName, !RelayEndpoint.isHostName(heloName) {
            throw SMTPConfigurationError(.invalidHeloName, "helo_name \"\(heloName)\" is not a host name such as mail.shop.example")
        }
        for (name, value) in [("connect", connectTimeout), ("reply", replyTimeout), ("total", totalTimeout)] where value <= .zero {
            throw SMTPConfigurationError(.invalidTimeout, "the \(name) timeout must be positive, not \(value)")
        }
        if let credentials, credentials.username.isEmpty || credentials.username.contains(where: \.isNewline) {
            throw SMTPConfigurationError(.invalidCredentials, "the SMTP username must be one non-empty line")
        }
    }
}

/// Why an SMTP configuration was refused.
public struct SMTPConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidURL, plaintextToRemoteRelay, invalidHeloName, invalidTimeout, invalidCredentials, invalidEnvelope
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        public var description: String { base.rawValue }

        /// The relay URL is not `smtp://host[:port]` or `smtps://host[:port]`.
        public static let invalidURL = Code(.invalidURL)
        /// STARTTLS is off for a relay that is not on loopback.
        public static let plaintextToRemoteRelay = Code(.plaintextToRemoteRelay)
        /// The EHLO name is not a host name.
        public static let invalidHeloName = Code(.invalidHeloName)
        /// A timeout is zero or negative.
        public static let invalidTimeout = Code(.invalidTimeout)
        /// The AUTH user name is empty or spans lines.
        public static let invalidCredentials = Code(.invalidCredentials)
        /// An envelope address would break the SMTP command it goes into.
        public static let invalidEnvelope = Code(.invalidEnvelope)
    }

    /// What kind of problem this is.
    public let code: Code
    /// What is wrong and how to fix it.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
