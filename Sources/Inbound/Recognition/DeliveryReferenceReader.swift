import Mail
/// Reads what ties a report to a delivery: the VERP token of the address it was sent to, and the
/// Message-ID of the message it is about.
struct DeliveryReferenceReader: Sendable {
    /// `sender.envelope_from`, lower-case, such as `bounces@shop.example`; nil accepts any
    /// `local+ID-SIGNATURE@domain`.
    let bounceAddress: String?

    /// The header fields, most specific first, that name where a report was delivered.
    static let addresseeFields = ["Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To", "Cc"]

    func reference(for message: MIMEPart) -> DeliveryReference {
        DeliveryReference(verp: verpToken(in: message.header), originalMessageID: originalMessageID(in: message))
    }

    func verpToken(in header: HeaderBlock) -> VERPToken? {
        for name in Self.addresseeFields {
            for value in header.values(name) {
                for address in AddressScanner.addresses(in: value) {
                    if let token = token(in: address) { return token }
                }
            }
        }
        return nil
    }

    /// `LOCAL+ID-SIGNATURE@DOMAIN` read the way Keepsake's EnvelopeSender writes it: an id of
    /// digits without a leading zero, a dash and 10 characters of `a–z` and `2–7`; any case.
    func token(in address: String) -> VERPToken? {
        let text = address.lowercased()
        guard let at = text.lastIndex(of: "@"), let plus = text[..<at].firstIndex(of: "+") else { return nil }
        if let bounceAddress {
            guard let baseAt = bounceAddress.lastIndex(of: "@"),
                  text[..<plus] == bounceAddress[..<baseAt], text[at...] == bounceAddress[baseAt...]
            else { return nil }
        }
        guard let token = VERPTokenText.parse(text[text.index(after: plus)..<at]) else { return nil }
        return VERPToken(address: text, deliveryID: token.deliveryID, signature: token.signature)
    }

    /// The Message-ID of the first carried message or header among the message's own parts; else
    /// a `Message-ID:` line in the text of a bounce that quotes the returned message inline.
    func originalMessageID(in message: MIMEPart) -> String? {
        if let carried = message.firstCarriedMessage {
            return carried.header.value("Message-ID").flatMap(Self.messageID)
        }
        for part in message.ownParts where part.contentType.type == "text" {
            guard let text = part.text?.text else { continue }
            for line in text.split(whereSeparator: \.isNewline) {
                let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == ">" }
                if trimmed.lowercased().hasPrefix("message-id:"), let id = Self.messageID(String(trimmed.dropFirst(11))) {
                    return id
                }
            }
        }
        return nil
    }

    /// `<left@right>` from a Message-ID field value (brackets added to a bare `left@right`, as in
    /// RFC 5965's own examples), or nil.
    static func messageID(_ value: String) -> String? {
        let bare = value.trimmingSpaces()
        if !bare.contains("<"), bare.contains("@"), !bare.contains(" "), bare.count <= 996 { return "<" + bare + ">" }
        guard let open = value.firstIndex(of: "<"), let close = value[open...].firstIndex(of: ">") else { return nil }
        let id = value[open...close]
        return id.contains("@") && id.count <= 998 ? String(id) : nil
    }
}
