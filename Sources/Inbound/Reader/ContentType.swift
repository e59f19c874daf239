/// A `Content-Type` (or `Content-Disposition`-like) value: the lower-cased type and subtype and
/// the parameters (names lower-cased, values unquoted), such as `multipart/report` with
/// `report-type=delivery-status` and `boundary=…`.
public struct ContentType: Sendable, Hashable {
    /// Lower-case, such as `multipart`.
    public let type: String
    /// Lower-case, such as `report`.
    public let subtype: String
    /// The parameters by lower-cased name.
    public let parameters: [String: String]

    /// `type/subtype`.
    public var mimeType: String { type + "/" + subtype }

    /// The default of RFC 2045 when there is no Content-Type: `text/plain; charset=us-ascii`,
    /// and `message/rfc822` inside `multipart/digest` (RFC 2046 §5.1.5).
    static func defaultType(inDigest: Bool) -> ContentType {
        inDigest
            ? ContentType(type: "message", subtype: "rfc822", parameters: [:])
            : ContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"])
    }

    /// Reads `type/subtype; name=value; name="quoted value"`; a value without a `/` is text/plain,
    /// as RFC 2045 §5.2 says for an invalid Content-Type.
    static func parse(_ value: String?, inDigest: Bool) -> ContentType {
        guard let value else { return defaultType(inDigest: inDigest) }
        let pieces = splitParameters(value)
        let mime = pieces.first?.lowercased().trimmingSpaces() ?? ""
        let halves = mime.split(separator: "/", maxSplits: 1).map { String($0).trimmingSpaces() }
        guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty else { return defaultType(inDigest: false) }
        return ContentType(type: halves[0], subtype: halves[1], parameters: parameters(pieces.dropFirst()))
    }

    /// `name=value` pieces into a dictionary (the first of a repeated name wins).
    static func parameters(_ pieces: ArraySlice<String>) -> [String: String] {
        var parameters: [String: String] = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = String(piece[..<equals]).trimmingSpaces().lowercased()
            var value = String(piece[piece.index(after: equals)...]).trimmingSpaces()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacingBackslashEscapes()
            }
            if !name.isEmpty, parameters[name] == nil { parameters[name] = value }
        }
        return parameters
    }

    /// Splits at `;` outside double quotes.
    static func splitParameters(_ value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped { escaped = false; current.append(character); continue }
            if character == "\\" && quoted { escaped = true; current.append(character); continue }
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted { pieces.append(current); current = ""; continue }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }
}

extension String {
    func replacingBackslashEscapes() -> String {
        var result = ""
        var escaped = false
        for character in self {
            if !escaped && character == "\\" { escaped = true; continue }
            escaped = false
            result.append(character)
        }
        return result
    }
}
