import Foundation

/// Reading what the server stored and logged.
extension CaptureServer {
    /// The messages the server accepted, in the order it received them.
    public func messages() throws -> [CapturedMessage] {
        let names = try FileManager.default.contentsOfDirectory(atPath: spoolDirectory.path)
        let messageNames = names
            .filter { $0.hasSuffix(".eml") && $0.dropLast(4).allSatisfy(\.isASCIIDigit) }
            .sorted { ($0.count, $0) < ($1.count, $1) }  // numeric order, also past 999999
        return try messageNames.map { name in
            let fileURL = spoolDirectory.appendingPathComponent(name)
            let envelopeURL = fileURL.deletingPathExtension().appendingPathExtension("json")
            let envelope = try decode(SpooledEnvelope.self, from: Data(contentsOf: envelopeURL), file: envelopeURL)
            return CapturedMessage(
                raw: Array(try Data(contentsOf: fileURL)),
                mailFrom: envelope.mailFrom,
                recipients: envelope.recipients,
                connectionID: envelope.connectionID,
                fileURL: fileURL,
                overTLS: envelope.overTLS,
                authenticatedUser: envelope.authenticatedUser
            )
        }
    }

    /// Everything the server logged so far, in order (see `CaptureEvent`).
    public func events() throws -> [CaptureEvent] {
        let eventsFile = spoolDirectory.appendingPathComponent("events.jsonl")
        guard FileManager.default.fileExists(atPath: eventsFile.path) else { return [] }
        let text = try String(contentsOf: eventsFile, encoding: .utf8)
        // Only whole lines: the server may be writing the next one.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .dropLast(text.hasSuffix("\n") ? 0 : 1)
        let array = "[" + lines.joined(separator: ",") + "]"
        return try decode([CaptureEvent].self, from: Data(array.utf8), file: eventsFile)
    }

    /// How many TCP connections the server has accepted.
    public func connectionCount() throws -> Int {
        try events().count { $0.kind == "connect" }
    }

    private func decode<Value: Decodable>(_ type: Value.Type, from data: Data, file: URL) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw CaptureServerError.unreadableSpoolFile(file, "\(error)")
        }
    }
}

/// One message the server accepted.
public struct CapturedMessage: Sendable {
    /// The message exactly as received, after dot-unstuffing (CRLF line ends).
    public let raw: [UInt8]
    /// MAIL FROM.
    public let mailFrom: String
    /// The accepted RCPT TO addresses.
    public let recipients: [String]
    /// Which TCP connection carried it (1, 2, … in the order the server accepted them).
    public let connectionID: Int
    /// The NNNNNN.eml file.
    public let fileURL: URL
    /// Whether it arrived over TLS (after STARTTLS, or on an implicit-TLS connection).
    public let overTLS: Bool
    /// The AUTH login it arrived under, if any.
    public let authenticatedUser: String?
}

/// NNNNNN.json: the envelope the server stored next to a message.
private struct SpooledEnvelope: Decodable {
    let mailFrom: String
    let recipients: [String]
    let connectionID: Int
    let overTLS: Bool
    let authenticatedUser: String?

    enum CodingKeys: String, CodingKey {
        case mailFrom = "mail_from", recipients = "rcpt_tos", connectionID = "connection_id"
        case overTLS = "tls", authenticatedUser = "auth_login"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
