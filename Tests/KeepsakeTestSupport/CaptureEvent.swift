import Foundation

/// One line of the server's events.jsonl. Kinds and their fields:
/// - `connect` (peer), `disconnect`
/// - `tls`: a TLS handshake, after STARTTLS or right after `connect` with implicit TLS (ok)
/// - `auth`: an AUTH attempt (login, ok)
/// - `mail`, `rcpt`: every MAIL / RCPT command (address), whatever it was answered
/// - `data`: a message after its end-of-data marker (outcome: stored, rejected, held, dropped; stored: file stem)
/// - `reply`: every reply sent (command: GREETING, EHLO, MAIL, RCPT, DATA, END-OF-DATA, …; code; line)
public struct CaptureEvent: Sendable, Decodable {
    public let kind: String
    public let connectionID: Int
    /// Unix time in seconds.
    public let time: Double
    public let command: String?
    public let code: Int?
    public let line: String?
    public let address: String?
    public let peer: String?
    public let outcome: String?
    /// The stem of the stored files ("000001"), for `data` events of stored messages.
    public let stored: String?
    public let size: Int?
    /// For `tls` (handshake) and `auth` (credentials) events.
    public let ok: Bool?
    public let login: String?

    enum CodingKeys: String, CodingKey {
        case kind = "event", connectionID = "connection_id", time, command, code, line, address, peer
        case outcome, stored, size, ok, login
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        connectionID = try container.decode(Int.self, forKey: .connectionID)
        time = try container.decode(Double.self, forKey: .time)
        command = try container.decodeIfPresent(String.self, forKey: .command)
        code = try container.decodeIfPresent(Int.self, forKey: .code)
        line = try container.decodeIfPresent(String.self, forKey: .line)
        address = try container.decodeIfPresent(String.self, forKey: .address)
        peer = try container.decodeIfPresent(String.self, forKey: .peer)
        outcome = try container.decodeIfPresent(String.self, forKey: .outcome)
        stored = try container.decodeIfPresent(String.self, forKey: .stored)
        size = try container.decodeIfPresent(Int.self, forKey: .size)
        ok = try container.decodeIfPresent(Bool.self, forKey: .ok)
        login = try container.decodeIfPresent(String.self, forKey: .login)
    }
}
