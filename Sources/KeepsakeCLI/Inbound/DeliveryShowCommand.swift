import ArgumentParser
import Foundation
import Store

/// `keepsake deliveries show ID`: everything known about one delivery.
struct DeliveryShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one delivery: its ledger row, its last attempt and reply, and the mail that came back about it with its evidence.")
    @Argument(help: ArgumentHelp("The delivery's id.", valueName: "id")) var id: Int64
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open()
        guard let delivery = try store.delivery(id: id) else {
            printError("keepsake deliveries show: the send ledger has no delivery \(id)")
            throw ExitCode(1)
        }
        print(InboundText.delivery(delivery))
        let returned = try store.inboundEntries(deliveryID: id)
        print("")
        print(returned.isEmpty ? "returned mail: none" : "returned mail: \(returned.count)")
        for entry in returned { print(InboundText.entry(entry)) }
        if let email = delivery.email, let address = try? parsedAddress(email), let suppression = try store.suppression(of: address) {
            print("")
            print("suppressed: \(suppression.reason) since \(suppression.createdAt.ISO8601Format()) by \(suppression.createdBy)")
        }
    }
}

extension InboundText {
    /// The ledger row, one `label: value` per line.
    static func delivery(_ delivery: LedgerDelivery) -> String {
        let lines: [(String, String?)] = [
            ("delivery", "\(delivery.id)"), ("campaign", delivery.campaignID), ("customer", delivery.customerID ?? "(forgotten)"),
            ("email", delivery.email ?? "(forgotten)"), ("occurrence", "\(delivery.occurrenceDate)"), ("day", "\(delivery.day)"),
            ("segment", delivery.segment), ("template", "\(delivery.template) (\(delivery.locale))"), ("message id", delivery.messageID),
            ("status", delivery.status.rawValue), ("attempts", "\(delivery.attempts)"), ("last reply", delivery.lastReply),
            ("last stage", delivery.lastStage), ("consent event", delivery.consentEvent.map { "\($0)" }),
            ("sent at", delivery.sentAt?.ISO8601Format()), ("dropped by", delivery.droppedBy),
        ]
        return lines.compactMap { label, value in value.map { "\(label):\(String(repeating: " ", count: 15 - label.count))\($0)" } }
            .joined(separator: "\n")
    }

    /// One returned message and its evidence, indented.
    static func entry(_ entry: InboundEntry) -> String {
        var lines = ["- \(entry.receivedAt.ISO8601Format()) \(entry.record.kind.rawValue) → \(entry.outcome.rawValue)"]
        if let evidence = entry.record.evidence {
            lines.append("  failure: \(evidence.failure)")
            if let status = evidence.status { lines.append("  status: \(status)") }
            if let code = evidence.diagnosticCode { lines.append("  diagnostic: \(code)") }
            if let mta = evidence.reportingMTA { lines.append("  reported by: \(mta)") }
            if let type = evidence.feedbackType { lines.append("  feedback type: \(type)") }
            if let date = evidence.reportedAt { lines.append("  reported at: \(date.ISO8601Format())") }
        }
        if let detail = entry.record.detail { lines.append("  note: \(detail)") }
        lines.append("  message: \(entry.record.source) \(entry.record.sourceKey), sha256 \(entry.record.digest)")
        return lines.joined(separator: "\n")
    }

    /// A suppression's evidence in a few words: `DSN 5.1.1 from dns; mx.example.org`.
    static func evidence(_ entry: InboundEntry?) -> String {
        guard let entry else { return "" }
        let parts = [entry.record.kind.rawValue, entry.record.evidence?.status, entry.record.evidence?.feedbackType,
                     entry.record.evidence?.reportingMTA.map { "from \($0)" }, "sha256 \(entry.record.digest.prefix(12))"]
        return parts.compactMap { $0 }.joined(separator: " ")
    }
}
