import Foundation

/// The body of an RFC 8058 one-click unsubscribe POST: the single field
/// `List-Unsubscribe=One-Click`, sent by mail clients as `application/x-www-form-urlencoded` or
/// `multipart/form-data`, and by the unsubscribe page's button as the former.
enum OneClickForm {
    /// Why a body is not a one-click request, said to the client.
    struct Refusal: Error, Equatable {
        let message: String
    }

    /// The largest body read, in bytes; a larger one gets 413.
    static let maximumBodySize = 1_024

    /// Checks that `body`, of type `contentType`, says `List-Unsubscribe=One-Click`.
    static func check(_ body: [UInt8], contentType: String?) throws(Refusal) {
        let type = contentType.map(MediaTypeHeader.init) ?? MediaTypeHeader("")
        switch type.essence {
        case "application/x-www-form-urlencoded":
            try checkURLEncoded(body)
        case "multipart/form-data":
            guard let boundary = type.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 70 else {
                throw Refusal(message: "multipart/form-data without a valid boundary parameter")
            }
            try checkMultipart(body, boundary: boundary)
        default:
            throw Refusal(message: "expected the form List-Unsubscribe=One-Click as application/x-www-form-urlencoded "
                + "or multipart/form-data (RFC 8058), got Content-Type \(contentType.map { "\"\($0)\"" } ?? "none")")
        }
    }

    private static let expected = "expected the form field List-Unsubscribe=One-Click (RFC 8058)"

    /// `List-Unsubscribe=One-Click`, alone or among other fields, percent-encoded or not.
    private static func checkURLEncoded(_ body: [UInt8]) throws(Refusal) {
        guard let text = String(validating: body, as: UTF8.self) else { throw Refusal(message: "the form is not UTF-8 text") }
        let fields = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "&").map { field in
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decoded(parts[0]), parts.count > 1 ? decoded(parts[1]) : nil)
        }
        let values = fields.filter { $0.0 == "List-Unsubscribe" }.map(\.1)
        guard values.count == 1, values[0] == "One-Click" else { throw Refusal(message: expected) }
    }

    /// A part named `List-Unsubscribe` whose content is `One-Click`.
    private static func checkMultipart(_ body: [UInt8], boundary: String) throws(Refusal) {
        let text = String(decoding: body, as: UTF8.self)
        let delimiter = "--" + boundary
        guard text.hasPrefix(delimiter) || text.contains("\r\n" + delimiter) else {
            throw Refusal(message: "the multipart body does not contain its boundary")
        }
        var found: [String] = []
        for part in text.components(separatedBy: delimiter).dropFirst() {
            if part.hasPrefix("--") { break }
            let sections = part.components(separatedBy: "\r\n\r\n")
            guard sections.count >= 2 else { continue }
            let headers = sections[0].lowercased()
            guard headers.contains("content-disposition: form-data"), headers.contains("name=\"list-unsubscribe\"") else { continue }
            var content = sections.dropFirst().joined(separator: "\r\n\r\n")
            if content.hasSuffix("\r\n") { content.removeLast() }
            found.append(content)
        }
        guard found == ["One-Click"] else { throw Refusal(message: expected) }
    }

    /// A form component with `+` as space and %XX decoded; undecodable text stays as written.
    private static func decoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// A `Content-Type` value: `multipart/form-data; boundary=abc` → essence and parameters.
struct MediaTypeHeader {
    /// The type and subtype, lower case.
    let essence: String
    /// Parameters by lower-case name, unquoted.
    let parameters: [String: String]

    init(_ value: String) {
        let parts = value.split(separator: ";")
        essence = parts.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var parameters: [String: String] = [:]
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var parameterValue = pair[1].trimmingCharacters(in: .whitespaces)
            if parameterValue.count >= 2, parameterValue.hasPrefix("\""), parameterValue.hasSuffix("\"") {
                parameterValue = String(parameterValue.dropFirst().dropLast())
            }
            parameters[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = parameterValue
        }
        self.parameters = parameters
    }
}
