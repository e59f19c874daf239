import CCurl

/// Turns what one transfer left behind (libcurl's result, the response code, the transcript)
/// into an ``SMTPOutcome``.
///
/// The rules, in order:
/// 1. libcurl reports success → delivered, with the reply to end of data.
/// 2. The server replied 4xx or 5xx at the stage the transaction ended on → transient or
///    permanent by the code (`CURLINFO_RESPONSE_CODE`, read together with the reply line).
/// 3. No such reply, and libcurl's failure is about TLS → permanent, at the TLS stage: trust, a
///    missing STARTTLS, or a handshake that failed (`CURLE_SSL_CONNECT_ERROR`, such as "wrong version
///    number" when `smtps://` points at a STARTTLS port); the daemon pauses until the settings are fixed; an AUTH refusal with no reply code (no usable mechanism) → permanent.
/// 4. No reply after the end-of-data marker was sent → unknown: the relay may have the message.
/// 5. Any other failure with no reply (timeout, refused or dropped connection) → transient.
enum OutcomeClassifier {
    static func classify(curlCode: CURLcode, responseCode: Int, transcript: TransferTranscript, errorText: String) -> SMTPOutcome {
        let code = Int(curlCode.rawValue)
        var transcript = transcript
        if curlCode == CURLE_OK {
            return SMTPOutcome(verdict: .delivered, stage: .endOfData, reply: transcript.replyAtStage, curlCode: 0, detail: "accepted")
        }
        let detail = errorText.isEmpty ? String(cString: curl_easy_strerror(curlCode)) : errorText
        if let reply = finalErrorReply(transcript.replyAtStage, responseCode: responseCode) {
            return SMTPOutcome(verdict: reply.code >= 500 ? .permanent : .transient, stage: transcript.stage, reply: reply, curlCode: code, detail: detail)
        }
        if tlsConfigurationFailures.contains(curlCode.rawValue) {
            transcript.tlsFailed()
            return SMTPOutcome(verdict: .permanent, stage: .tls, reply: nil, curlCode: code, detail: detail)
        }
        if curlCode == CURLE_LOGIN_DENIED {
            return SMTPOutcome(verdict: .permanent, stage: .authentication, reply: nil, curlCode: code, detail: detail)
        }
        if transcript.stage == .endOfData {
            return SMTPOutcome(verdict: .unknown, stage: .endOfData, reply: nil, curlCode: code, detail: detail)
        }
        return SMTPOutcome(verdict: .transient, stage: transcript.stage, reply: nil, curlCode: code, detail: detail)
    }

    /// The 4xx/5xx reply that ended the transaction. The transcript's line is preferred (it
    /// carries the enhanced status); libcurl's response code stands in when no line was seen.
    private static func finalErrorReply(_ reply: SMTPReply?, responseCode: Int) -> SMTPReply? {
        if let reply, reply.code >= 400 { return reply }
        if reply == nil, (400..<600).contains(responseCode) { return SMTPReply(line: "\(responseCode)") }
        return nil
    }

    /// Failures that retrying cannot fix: the operator must change the CA file, the relay's
    /// certificate, the STARTTLS policy, or the URL's scheme and port (a TLS handshake that fails,
    /// `CURLE_SSL_CONNECT_ERROR`, is most often `smtps://` against a STARTTLS port or the reverse).
    private static let tlsConfigurationFailures: Set<CURLcode.RawValue> = Set([
        CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
        CURLE_USE_SSL_FAILED, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE,
    ].map(\.rawValue))
}
