import Foundation

/// Recognises mail that comes back to a sender: bounces, complaints, unsubscribe requests and
/// automatic replies, each as an ``InboundReport`` with what ties it to a Keepsake delivery.
///
/// What it recognises, in this order:
/// 1. RFC 3464 delivery status notifications: a message/delivery-status part (normally in
///    multipart/report; report-type=delivery-status), each recipient's Final-Recipient,
///    Original-Recipient, Action, Status, Diagnostic-Code and Remote-MTA.
/// 2. RFC 5965 ARF feedback reports: a message/feedback-report part (Feedback-Type, User-Agent,
///    Version, Arrival-Date, Original-Mail-From, Original-Rcpt-To, Reported-Domain) and the
///    reported message's header.
/// 3. Bounces in a mail system's own words (Exim, qmail, Sendmail, Postfix without DSN, Yahoo,
///    Hotmail, AOL, …): a mailer-daemon sender, a bounce subject or a failure sentence, and the
///    addresses in the report's text before the returned message; temporary when it says it will
///    keep trying.
/// 4. Automatic replies (RFC 3834 Auto-Submitted other than `no`, X-Autoreply, X-Autorespond,
///    Precedence: auto_reply, out-of-office subjects): to be ignored, even when sent to the
///    unsubscribe address.
/// 5. Mail to the unsubscribe address, as is or with `+TOKEN` in its local part (To,
///    Delivered-To, …), the token then from the address or the subject.
/// 6. Anything else readable is unrecognised; anything unreadable is reported with its error.
///
/// For every report it reads the VERP token of the address the report was sent to
/// (`bounces+ID-SIGNATURE@domain`, unverified: the caller checks the signature against the send
/// ledger) and the Message-ID of the returned message or header.
///
/// Limits (``InboundLimits``): 25 MiB per message (a larger one is refused by its size before it
/// is parsed), MIME nesting 20 deep, 1,000 parts, 1,000 fields per header block, 64 KiB per
/// field. Charsets UTF-8, US-ASCII, ISO-8859-1 and Windows-1252 are decoded exactly; others are
/// read as UTF-8 with replacements and listed in ``InboundMessage/lossyCharsets``. Malformed MIME
/// (a top-level line that is no header field, a multipart without a boundary or never using it)
/// is ``InboundReport/unreadable(_:)`` with an ``InboundError`` naming the line or the limit; a
/// returned message's broken header ends at the broken line, and a multipart cut short is read as
/// far as it goes. It never writes anything: acting on a report is the caller's work.
public struct InboundRecogniser: Sendable {
    /// The limits of the reader.
    public let limits: InboundLimits
    let references: DeliveryReferenceReader
    let unsubscribe: UnsubscribeDetector

    /// A recogniser for bounces to `bounceAddress` (`sender.envelope_from`, such as
    /// `bounces@shop.example`; nil accepts any `local+ID-SIGNATURE@domain`) and unsubscribe
    /// requests to `unsubscribeAddress` (`unsubscribe.mailto`; nil recognises none).
    public init(bounceAddress: String? = nil, unsubscribeAddress: String? = nil, limits: InboundLimits = InboundLimits()) {
        self.limits = limits
        references = DeliveryReferenceReader(bounceAddress: bounceAddress?.lowercased())
        unsubscribe = UnsubscribeDetector(unsubscribeAddress: unsubscribeAddress?.lowercased())
    }

    /// What the message in `bytes` is.
    public func recognise(_ bytes: [UInt8]) -> InboundReport {
        do throws(InboundError) {
            return recognise(try MessageReader(limits: limits).read(bytes))
        } catch {
            return .unreadable(error)
        }
    }

    /// What the message in the file is; a file larger than the size limit is refused by its size,
    /// unread.
    public func recognise(fileAt url: URL) throws -> InboundReport {
        do {
            return recognise(try MessageReader(limits: limits).read(fileAt: url))
        } catch let error as InboundError {
            return .unreadable(error)
        }
    }

    /// What a message already read is.
    public func recognise(_ message: InboundMessage) -> InboundReport {
        let root = message.root
        let reference = references.reference(for: root)
        if let report = DeliveryStatusReader.report(root, reference: reference, limits: limits) {
            // A delivery-status part with no recipient address in it: its text may still name them.
            if !report.recipients.contains(where: { $0.address != nil }), let bounce = BounceHeuristics.bounce(root, reference: reference) {
                return .nonStandardBounce(bounce)
            }
            return .deliveryStatus(report)
        }
        if let report = FeedbackReportReader.report(root, reference: reference, limits: limits) {
            return .feedback(report)
        }
        if let bounce = BounceHeuristics.bounce(root, reference: reference) {
            return .nonStandardBounce(bounce)
        }
        if let reason = AutoReplyDetector.reason(root.header) {
            return .autoReply(AutoReply(reference: reference, reason: reason))
        }
        if let request = unsubscribe.request(root.header) {
            return .unsubscribe(request)
        }
        return .unrecognised(UnrecognisedMessage(
            reference: reference, subject: root.header.text("Subject"), sender: AddressScanner.firstAddress(in: root.header.value("From"))))
    }
}
