import Foundation

/// One PEM block (RFC 7468): `-----BEGIN LABEL-----`, base64 of DER bytes, `-----END LABEL-----`.
struct PEMDocument {
    /// The label, such as `PRIVATE KEY` or `RSA PRIVATE KEY`.
    let label: String
    /// The decoded bytes.
    let derBytes: [UInt8]
    /// Whether the block carries legacy encryption headers (`Proc-Type: 4,ENCRYPTED`).
    let isEncrypted: Bool

    /// Creates a document to write.
    init(label: String, derBytes: [UInt8]) {
        self.label = label
        self.derBytes = derBytes
        isEncrypted = false
    }

    /// Reads the first PEM block of `text`.
    ///
    /// - Throws: `MailError` with code `invalidDKIMKey` when there is no complete block or its
    ///   base64 is broken.
    init(parsing text: String) throws(MailError) {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let beginIndex = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") }) else {
            throw MailError(.invalidDKIMKey, "is not a PEM file: there is no \"-----BEGIN … PRIVATE KEY-----\" line")
        }
        let label = String(lines[beginIndex].dropFirst("-----BEGIN ".count).dropLast(5))
        let endLine = "-----END \(label)-----"
        guard let endIndex = lines[beginIndex...].firstIndex(of: endLine) else {
            throw MailError(.invalidDKIMKey, "is not a complete PEM file: \"-----BEGIN \(label)-----\" has no \"\(endLine)\" line (was it cut short when copied?)")
        }
        let body = lines[(beginIndex + 1)..<endIndex]
        isEncrypted = body.contains { $0.hasPrefix("Proc-Type:") && $0.contains("ENCRYPTED") }
        let base64 = body.filter { !$0.contains(":") }.joined()
        guard let data = Data(base64Encoded: base64), !data.isEmpty || isEncrypted else {
            throw MailError(.invalidDKIMKey, "is not a valid PEM file: the lines between BEGIN and END are not base64")
        }
        self.label = label
        derBytes = Array(data)
    }

    /// The block as text, base64 in lines of 64 characters, ending with a line break.
    var text: String {
        let base64 = Array(Data(derBytes).base64EncodedString().utf8)
        var lines = ["-----BEGIN \(label)-----"]
        var start = 0
        while start < base64.count {
            let end = min(start + 64, base64.count)
            lines.append(String(decoding: base64[start..<end], as: UTF8.self))
            start = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }
}
