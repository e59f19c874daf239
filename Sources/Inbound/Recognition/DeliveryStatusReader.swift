/// RFC 3464 delivery status notifications: the message/delivery-status part's per-recipient blocks.
enum DeliveryStatusReader {
    /// The report, when the message has a message/delivery-status part (outside any returned
    /// message first; a bounce of a bounce names its own part first).
    static func report(_ message: MIMEPart, reference: DeliveryReference, limits: InboundLimits) -> DeliveryStatusReport? {
        let candidates = message.ownParts + message.allParts
        guard let part = candidates.first(where: { ["message/delivery-status", "message/global-delivery-status"].contains($0.contentType.mimeType) }) else {
            return nil
        }
        let blocks = ReportFields.blocks(of: part, limits: limits)
        var reportingMTA: String?
        var recipients: [RecipientStatus] = []
        for block in blocks {
            let final = block.value("Final-Recipient")
            let original = block.value("Original-Recipient") ?? block.value("X-Actual-Recipient")
            guard final != nil || block.value("Action") != nil else {
                reportingMTA = reportingMTA ?? block.value("Reporting-MTA")
                continue
            }
            let action = ReportFields.withoutComment(block.value("Action") ?? "").lowercased()
            recipients.append(RecipientStatus(
                finalRecipient: ReportFields.address(final), originalRecipient: ReportFields.address(original),
                action: String(action.prefix { !$0.isWhitespace }), status: block.value("Status").map(ReportFields.withoutComment),
                diagnosticCode: block.value("Diagnostic-Code"), remoteMTA: block.value("Remote-MTA")))
        }
        return DeliveryStatusReport(reference: reference, reportingMTA: reportingMTA, recipients: recipients)
    }
}

/// RFC 5965 feedback reports: the message/feedback-report part and the reported message's header.
enum FeedbackReportReader {
    static func report(_ message: MIMEPart, reference: DeliveryReference, limits: InboundLimits) -> FeedbackReport? {
        let parts = message.ownParts
        guard let part = parts.first(where: { $0.contentType.mimeType == "message/feedback-report" }) else { return nil }
        var fields: [HeaderField] = []
        for block in ReportFields.blocks(of: part, limits: limits) { fields += block.fields }
        let report = HeaderBlock(fields: fields)
        return FeedbackReport(
            reference: reference, feedbackType: ReportFields.withoutComment(report.value("Feedback-Type") ?? "").lowercased(),
            userAgent: report.value("User-Agent"), version: report.value("Version"), arrivalDate: report.value("Arrival-Date"),
            originalMailFrom: report.value("Original-Mail-From"), originalRecipients: report.values("Original-Rcpt-To"),
            reportedDomain: report.value("Reported-Domain"), originalHeader: message.firstCarriedMessage?.header)
    }
}
