/// Automatic replies (RFC 3834 and the common non-standard marks): answered by no one.
enum AutoReplyDetector {
    /// What marks the message as an automatic reply, or nil.
    static func reason(_ header: HeaderBlock) -> String? {
        if let submitted = header.value("Auto-Submitted"), ReportFields.withoutComment(submitted).lowercased() != "no" {
            return "Auto-Submitted: \(submitted)"
        }
        for name in ["X-Autoreply", "X-Autorespond"] {
            if let value = header.value(name) { return "\(name): \(value)" }
        }
        if let precedence = header.value("Precedence")?.lowercased().trimmingSpaces(), precedence == "auto_reply" {
            return "Precedence: auto_reply"
        }
        let subject = (header.text("Subject") ?? "").lowercased()
        if let wording = outOfOfficeSubjects.first(where: { subject.contains($0) }) {
            return "subject says \"\(wording)\""
        }
        return nil
    }

    static let outOfOfficeSubjects = [
        "out of office", "out of the office", "auto-reply", "autoreply", "auto reply", "automatic reply", "auto-response",
        "autoresponse", "automatic response", "away from my", "on vacation", "vacation reply", "abwesenheit", "automatische antwort",
        "réponse automatique", "reponse automatique", "absence", "automatisch antwoord", "risposta automatica", "respuesta automática",
        "fuera de la oficina",
    ]
}

/// Mail sent to the unsubscribe address (`unsubscribe.mailto`), with or without a `+TOKEN`.
struct UnsubscribeDetector: Sendable {
    /// `unsubscribe.mailto`, lower-case; nil recognises no unsubscribe mail.
    let unsubscribeAddress: String?

    func request(_ header: HeaderBlock) -> UnsubscribeRequest? {
        guard let unsubscribeAddress, let baseAt = unsubscribeAddress.lastIndex(of: "@") else { return nil }
        let baseLocal = unsubscribeAddress[..<baseAt]
        let domain = unsubscribeAddress[baseAt...]
        for name in DeliveryReferenceReader.addresseeFields {
            for value in header.values(name) {
                for address in AddressScanner.addresses(in: value).map({ $0.lowercased() }) {
                    guard let at = address.lastIndex(of: "@"), address[at...] == domain else { continue }
                    let local = address[..<at]
                    var token: String?
                    if local == baseLocal {
                        token = subjectToken(header.text("Subject"))
                    } else if local.hasPrefix(baseLocal + "+") {
                        token = String(local.dropFirst(baseLocal.count + 1))
                    } else {
                        continue
                    }
                    return UnsubscribeRequest(address: address, token: token, sender: AddressScanner.firstAddress(in: header.value("From"))?.lowercased())
                }
            }
        }
        return nil
    }

    /// A token in the subject: the longest word of 16 or more letters, digits, `-` and `_`
    /// (a word such as "unsubscribe" alone is no token).
    func subjectToken(_ subject: String?) -> String? {
        guard let subject else { return nil }
        let words = subject.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")) }
        return words.filter { $0.count >= 16 && $0.count <= 256 && $0.contains(where: \.isNumber) }.max { $0.count < $1.count }.map(String.init)
    }
}
