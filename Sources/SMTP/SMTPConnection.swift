import CCurl

/// One SMTP connection to the relay: a long-lived libcurl easy handle reused for every message,
/// so that the relay sees one TCP connection (and one TLS handshake and AUTH) for many messages.
///
/// Not thread-safe, on purpose: a connection belongs to exactly one thread (see
/// ``SMTPTransport``, which gives each connection a thread of its own).
public final class SMTPConnection {
    private var handle: CurlEasyHandle
    private let configuration: SMTPConfiguration
    /// TCP connections opened so far, as libcurl counts them (`CURLINFO_NUM_CONNECTS`).
    public private(set) var connectionsOpened = 0

    /// Creates the handle; nothing is sent until ``send(_:envelope:)``.
    public init(configuration: SMTPConfiguration) throws(SMTPTransportError) {
        self.configuration = configuration
        self.handle = try Self.makeHandle(configuration)
    }

    /// Sends `message` (the exact bytes, CRLF line ends; libcurl dot-stuffs) to the envelope's
    /// one recipient, and classifies what happened. Blocks until the relay's verdict or a timeout.
    public func send(_ message: [UInt8], envelope: SMTPEnvelope) -> SMTPOutcome {
        let transfer = TransferState(body: message)
        let outcome: SMTPOutcome
        do {
            outcome = try perform(transfer, envelope: envelope)
        } catch {
            outcome = SMTPOutcome(verdict: .permanent, stage: .connect, reply: nil, curlCode: -1, detail: error.message)
        }
        if outcome.verdict != .delivered && outcome.reply == nil {
            // No reply (timeout, drop): libcurl may keep a connection whose dialogue is out of step,
            // and the next MAIL FROM would wait on a stale reply. Start the next message afresh.
            // Failures with a reply leave the dialogue in step; libcurl closes or keeps as fits.
            replaceHandle()
        }
        return outcome
    }

    private func perform(_ transfer: TransferState, envelope: SMTPEnvelope) throws(SMTPTransportError) -> SMTPOutcome {
        var recipients: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, envelope.recipient)
        defer { curl_slist_free_all(recipients) }
        guard recipients != nil else {
            throw SMTPTransportError(.curlInitializationFailed, "libcurl could not allocate the recipient list")
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try handle.set(CURLOPT_MAIL_FROM, envelope.sender)
        try handle.set(CURLOPT_MAIL_RCPT, pointer: UnsafeMutableRawPointer(recipients))
        try handle.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(transfer.body.count))
        try handle.set(CURLOPT_READDATA, pointer: context)
        try handle.set(CURLOPT_DEBUGDATA, pointer: context)
        handle.clearErrorText()

        let result = withExtendedLifetime(transfer) { handle.perform() }

        connectionsOpened += handle.info(CURLINFO_NUM_CONNECTS)
        try handle.set(CURLOPT_MAIL_RCPT, pointer: nil)
        recipients = withExtendedLifetime(recipients) { recipients }
        return OutcomeClassifier.classify(
            curlCode: result,
            responseCode: handle.info(CURLINFO_RESPONSE_CODE),
            transcript: transfer.transcript,
            errorText: handle.lastErrorText
        )
    }

    /// Drops the current connection without waiting on it, and prepares a new handle.
    private func replaceHandle() {
        guard let fresh = try? Self.makeHandle(configuration) else { return }
        handle.abandonConnection()
        handle = fresh
    }

    /// A handle with every per-connection option set: URL, TLS, AUTH, timeouts, callbacks.
    private static func makeHandle(_ configuration: SMTPConfiguration) throws(SMTPTransportError) -> CurlEasyHandle {
        let handle = try CurlEasyHandle()
        try handle.set(CURLOPT_URL, configuration.curlURL)
        try handle.set(CURLOPT_NOSIGNAL, true)
        try handle.set(CURLOPT_UPLOAD, true)
        try handle.set(CURLOPT_VERBOSE, true) // the full reply lines come only through the debug callback
        try handle.setReadFunction(TransferState.readBody)
        try handle.setDebugFunction(TransferState.observeDialogue)
        if !configuration.usesImplicitTLS {
            let level: curl_usessl = switch configuration.startTLS {
            case .required: CURLUSESSL_ALL
            case .optional: CURLUSESSL_TRY
            case .off: CURLUSESSL_NONE
            }
            try handle.set(CURLOPT_USE_SSL, Int(level.rawValue))
        }
        try handle.set(CURLOPT_SSL_VERIFYPEER, configuration.verifyCertificates)
        try handle.set(CURLOPT_SSL_VERIFYHOST, configuration.verifyCertificates ? 2 : 0)
        if let caFile = configuration.caFile { try handle.set(CURLOPT_CAINFO, caFile) }
        if let credentials = configuration.credentials {
            try handle.set(CURLOPT_USERNAME, credentials.username)
            try handle.set(CURLOPT_PASSWORD, credentials.password)
            if let mechanism = configuration.authenticationMechanism {
                try handle.set(CURLOPT_LOGIN_OPTIONS, "AUTH=\(mechanism.rawValue)")
            }
        }
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds)
        try handle.set(CURLOPT_TIMEOUT_MS, configuration.totalTimeout.milliseconds)
        // Whole seconds only in libcurl 7.88 (the _MS variant arrived in 8.6); round up.
        try handle.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, max(1, (configuration.replyTimeout.milliseconds + 999) / 1000))
        return handle
    }
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
