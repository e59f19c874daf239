import Foundation

extension CaptureServer {
    /// How the server behaves for every connection (recipient scripts need no options).
    public struct Options: Sendable {
        /// Offer STARTTLS with this certificate and key.
        public var starttls: TLSMaterial?
        /// Refuse everything but EHLO, NOOP, STARTTLS and QUIT until STARTTLS (530). Needs `starttls`.
        public var requireStarttls: Bool
        /// Speak TLS from the first byte with this certificate and key, as `smtps://` on port 465
        /// does (`url` then starts with `smtps://`). Excludes `starttls` and `requireStarttls`.
        public var implicitTLS: TLSMaterial?
        /// Offer AUTH PLAIN and LOGIN and require them before MAIL (530 5.7.0 without, 535 5.7.8 when wrong).
        public var authUser: String?
        public var authPassword: String?
        /// Greet with this code instead of 220 and close, e.g. 421.
        public var greetingCode: Int?
        /// Answer every MAIL FROM with this code ("550" → "550 5.7.1 <…>: Sender address rejected:
        /// Access denied") or with this whole reply line ("451 4.7.1 Try again later").
        public var mailFromReject: String?
        /// Wait this long before every end-of-data reply (the message is stored first).
        public var replyDelayAfterData: Duration?
        /// The name in the greeting and the EHLO reply (default capture.keepsake.test).
        public var hostname: String?
        /// Where the spool directory is created (default: see `CaptureServer`).
        public var spoolParent: URL?

        public init(
            starttls: TLSMaterial? = nil,
            requireStarttls: Bool = false,
            implicitTLS: TLSMaterial? = nil,
            authUser: String? = nil,
            authPassword: String? = nil,
            greetingCode: Int? = nil,
            mailFromReject: String? = nil,
            replyDelayAfterData: Duration? = nil,
            hostname: String? = nil,
            spoolParent: URL? = nil
        ) {
            self.starttls = starttls
            self.requireStarttls = requireStarttls
            self.implicitTLS = implicitTLS
            self.authUser = authUser
            self.authPassword = authPassword
            self.greetingCode = greetingCode
            self.mailFromReject = mailFromReject
            self.replyDelayAfterData = replyDelayAfterData
            self.hostname = hostname
            self.spoolParent = spoolParent
        }

        /// The server's command-line options for these settings.
        var arguments: [String] {
            var arguments: [String] = []
            if let starttls {
                arguments += ["--starttls-cert", starttls.certificate.path, "--starttls-key", starttls.privateKey.path]
            }
            if requireStarttls { arguments.append("--require-starttls") }
            if let implicitTLS {
                arguments += ["--starttls-cert", implicitTLS.certificate.path, "--starttls-key", implicitTLS.privateKey.path, "--implicit-tls"]
            }
            if let authUser { arguments += ["--auth-user", authUser] }
            if let authPassword { arguments += ["--auth-password", authPassword] }
            if let greetingCode { arguments += ["--greeting-code", String(greetingCode)] }
            if let mailFromReject { arguments += ["--mail-from-reject", mailFromReject] }
            if let replyDelayAfterData { arguments += ["--reply-delay-after-data", String(replyDelayAfterData.seconds)] }
            if let hostname { arguments += ["--hostname", hostname] }
            return arguments
        }
    }

}

extension Duration {
    /// The duration in seconds, e.g. 1.5.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
