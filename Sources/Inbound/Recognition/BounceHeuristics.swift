/// Bounces without a DSN, recognised by the wording real mail systems use (learned from the corpus
/// of flufl.bounce: Exim, qmail, Postfix without DSN, Sendmail, Yahoo, Hotmail, AOL, GroupWise,
/// SMTP32, Netscape and others): the message must look like a bounce (a mailer-daemon sender, a
/// bounce subject, or a failure sentence in its text), and the failed addresses are those in the
/// report's own text before the returned message, less the addresses of the report's own header
/// and of mail-system accounts.
enum BounceHeuristics {
    static func bounce(_ message: MIMEPart, reference: DeliveryReference) -> NonStandardBounce? {
        let header = message.header
        let text = reportText(message)
        let lowered = text.lowercased()
        let from = (header.text("From") ?? "").lowercased()
        let subject = (header.text("Subject") ?? "").lowercased()
        let fromSystem = systemSenders.contains { from.contains($0) }
        let bounceSubject = bounceSubjects.contains { subject.contains($0) }
        let failureSentence = failureSentences.contains { lowered.contains($0) }
        guard fromSystem || bounceSubject || failureSentence else { return nil }
        var excluded = Set<String>()
        for name in ["From", "To", "Cc", "Reply-To", "Sender", "Return-Path", "Delivered-To", "X-Original-To", "Errors-To"] {
            for value in header.values(name) { excluded.formUnion(AddressScanner.addresses(in: value).map { $0.lowercased() }) }
        }
        var seen = Set<String>()
        var addresses: [String] = []
        for address in AddressScanner.addresses(in: text) {
            let key = address.lowercased()
            guard !excluded.contains(key), !seen.contains(key), !isSystemAccount(key) else { continue }
            seen.insert(key)
            addresses.append(address)
        }
        guard !addresses.isEmpty else { return nil }
        let temporary = temporaryWording.contains { lowered.contains($0) || subject.contains($0) }
            && !permanentWording.contains { lowered.contains($0) }
        let kind: FailureKind = temporary ? .temporary : .permanent
        return NonStandardBounce(reference: reference, recipients: addresses.map { FailedRecipient(address: $0, failure: kind) })
    }

    /// The report's own words: its text parts outside any carried message, each cut where the
    /// returned message begins.
    static func reportText(_ message: MIMEPart) -> String {
        var pieces: [String] = []
        for part in message.ownParts where part.contentType.type == "text" {
            guard var text = part.text?.text else { continue }
            if part.contentType.subtype == "html" { text = withoutTags(text) }
            pieces.append(cutAtReturnedMessage(text))
        }
        let joined = pieces.joined(separator: "\n")
        // Exchange and GroupWise quote the returned message's To: before "did not reach the
        // following recipient(s)"; that To: is the list or sender's, not the failed address.
        let lowered = joined.lowercased()
        guard unreachedWording.contains(where: { lowered.contains($0) }) else { return joined }
        return joined.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.lowercased().drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("to:") }.joined(separator: "\n")
    }

    static let unreachedWording = ["did not reach the following recipient", "could not be reached", "not be delivered to"]

    static func cutAtReturnedMessage(_ text: String) -> String {
        var kept: [Substring] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let lowered = line.lowercased()
            if returnedMessageMarkers.contains(where: { lowered.contains($0) }) { break }
            let field = lowered.drop { $0 == " " || $0 == "\t" || $0 == ">" }
            if quotedHeaderFields.contains(where: { field.hasPrefix($0) }) { continue }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    static func withoutTags(_ html: String) -> String {
        var result = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true; result.append(" "); continue }
            if character == ">" { inTag = false; continue }
            if !inTag { result.append(character) }
        }
        return result.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&nbsp;", with: " ")
    }

    static func isSystemAccount(_ address: String) -> Bool {
        let local = address.prefix { $0 != "@" }
        return systemAccounts.contains(String(local)) || local.hasPrefix("mailer-daemon") || local.hasPrefix("owner-")
            || local.hasSuffix("-owner") || local.hasSuffix("-admin") || local.hasSuffix("-bounces") || local.hasSuffix("-request") || local.contains("-bounces+")
    }

    static let systemSenders = ["mailer-daemon", "mailer daemon", "postmaster", "mail delivery", "mail-daemon", "mailerdaemon", "mail administrator", "mail router"]
    static let systemAccounts: Set<String> = ["postmaster", "mailer-daemon", "mail-daemon", "root", "abuse", "hostmaster", "webmaster", "noreply", "no-reply", "mailman"]
    static let bounceSubjects = [
        "undeliver", "returned mail", "failure notice", "delivery fail", "delivery status", "delivery notification",
        "mail delivery", "could not be delivered", "non remis", "nondeliverable", "non-deliverable", "delivery problem",
        "undelivered", "returned to sender", "delivery report", "mail system error", "failed mail", "warning: could not",
        "delayed mail", "rejected", "non-delivery", "not delivered", "error sending", "bounce",
    ]
    static let failureSentences = [
        "could not be delivered", "couldn't be delivered", "was not delivered", "undeliverable", "permanent error",
        "permanent fatal error", "user unknown", "unknown user", "no such user", "mailbox unavailable", "does not exist",
        "delivery to the following recipient", "delivery has failed", "failed recipients", "following addresses had",
        "unable to deliver", "wasn't able to deliver", "not able to deliver", "message was not delivered", "mailbox is full",
        "delivery failure", "could not deliver", "the following recipient", "recipient address rejected",
    ]
    static let temporaryWording = [
        "will continue trying", "will keep trying", "will be retried", "not yet been delivered", "has not been delivered yet",
        "delayed", "still trying", "will try again", "temporar", "warning", "will retry", "attempts will continue",
    ]
    static let permanentWording = ["permanent error", "permanent fatal", "i've given up", "giving up", "has been returned", "user unknown", "no such user",
        "delivery failure notification",
    ]
    /// Lines of a quoted header whose addresses are not the failed recipient's.
    static let quotedHeaderFields = [
        "message-id:", "in-reply-to:", "references:", "received:", "return-path:", "from:", "sender:", "reply-to:",
        "errors-to:", "list-", "x-", "cc:",
    ]
    static let returnedMessageMarkers = [
        "original message follows", "below this line is a copy", "this is a copy of the message", "copy of your message",
        "returned message follows", "unsent message below", "original message header", "message headers follow",
        "transcript of session follows", "returned mail follows", "---- original message", "----- original message",
        "headers of your message", "your message reads", "included is a copy", "------ this is a copy",
        "the text you sent follows", "original message:", "-----original message",
    ]
}
