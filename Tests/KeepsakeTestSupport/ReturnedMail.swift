import Foundation

/// Returned mail composed the way real mail systems write it, for the processing tests: Postfix's
/// DSN layout (RFC 3464), an RFC 5965 feedback report, a mailed unsubscribe, an out-of-office.
public enum ReturnedMail {
    public struct Recipient: Sendable {
        public var address: String
        public var action: String
        public var status: String
        public var diagnostic: String

        public init(
            address: String, action: String = "failed", status: String = "5.1.1",
            diagnostic: String = "smtp; 550 5.1.1 <ADDRESS>: Recipient address rejected: User unknown in local recipient table"
        ) {
            self.address = address
            self.action = action
            self.status = status
            self.diagnostic = diagnostic
        }
    }

    /// A Postfix bounce to `envelopeSender` about the message `messageID`, one block per recipient.
    public static func dsn(to envelopeSender: String, messageID: String, recipients: [Recipient], queueID: String = "4Fx2k9Q1rz") -> String {
        let blocks = recipients.map { recipient in
            """
            Final-Recipient: rfc822; \(recipient.address)
            Original-Recipient: rfc822;\(recipient.address)
            Action: \(recipient.action)
            Status: \(recipient.status)
            Remote-MTA: dns; in.example.org
            Diagnostic-Code: \(recipient.diagnostic.replacingOccurrences(of: "ADDRESS", with: recipient.address))
            """
        }.joined(separator: "\n\n")
        return """
            Return-Path: <>
            Delivered-To: \(envelopeSender)
            Date: Sat, 21 Mar 2026 10:00:00 +0000 (UTC)
            From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
            Subject: Undelivered Mail Returned to Sender
            To: \(envelopeSender)
            Auto-Submitted: auto-replied
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status;
            \tboundary="\(queueID).1774087200/mx.example.org"
            Message-Id: <20260321100000.\(queueID)@mx.example.org>

            This is a MIME-encapsulated message.

            --\(queueID).1774087200/mx.example.org
            Content-Description: Notification
            Content-Type: text/plain; charset=us-ascii

            This is the mail system at host mx.example.org.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients.

            --\(queueID).1774087200/mx.example.org
            Content-Description: Delivery report
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org
            X-Postfix-Queue-ID: \(queueID)
            X-Postfix-Sender: rfc822; \(envelopeSender)
            Arrival-Date: Sat, 21 Mar 2026 09:00:01 +0000 (UTC)

            \(blocks)

            --\(queueID).1774087200/mx.example.org
            Content-Description: Undelivered Message Headers
            Content-Type: text/rfc822-headers

            Return-Path: <\(envelopeSender)>
            From: Sahab Shop <hello@shop.example>
            To: \(recipients.first?.address ?? "")
            Subject: Nowruz
            Message-ID: \(messageID)

            --\(queueID).1774087200/mx.example.org--

            """
    }

    /// An ARF report from a mailbox provider's feedback loop.
    public static func complaint(
        envelopeSender: String, recipient: String, messageID: String, type: String = "abuse",
        arrival: String = "Sat, 21 Mar 2026 09:30:00 +0000"
    ) -> String {
        """
        From: Feedback Loop <fbl@mail.example.org>
        To: fbl@shop.example
        Subject: FW: Nowruz
        Date: Sat, 21 Mar 2026 11:00:00 +0000
        Message-ID: <fbl-\(type)-\(recipient)@mail.example.org>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="fbl"

        --fbl
        Content-Type: text/plain; charset=utf-8

        This is an email abuse report for an email message received from IP 192.0.2.1.

        --fbl
        Content-Type: message/feedback-report

        Feedback-Type: \(type)
        User-Agent: ExampleFBL/2.1
        Version: 1
        Original-Mail-From: <\(envelopeSender)>
        Original-Rcpt-To: <\(recipient)>
        Arrival-Date: \(arrival)
        Reported-Domain: shop.example

        --fbl
        Content-Type: text/rfc822-headers

        Return-Path: <\(envelopeSender)>
        From: Sahab Shop <hello@shop.example>
        To: \(recipient)
        Subject: Nowruz
        Message-ID: \(messageID)

        --fbl--

        """
    }

    /// What a mail client sends for `List-Unsubscribe: <mailto:ADDRESS?subject=unsubscribe>`.
    public static func unsubscribe(from sender: String, to address: String) -> String {
        """
        From: <\(sender)>
        To: \(address)
        Subject: unsubscribe
        Date: Sat, 21 Mar 2026 12:00:00 +0000
        Message-ID: <unsubscribe-\(UUID().uuidString)@example.org>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        unsubscribe

        """
    }
}
