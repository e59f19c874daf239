/// One MIME entity of an inbound message: the message itself, a part of a multipart, or a message
/// carried inside another (message/rfc822, text/rfc822-headers).
public struct MIMEPart: Sendable {
    /// What a part holds once its transfer encoding is undone.
    public indirect enum Body: Sendable {
        /// A leaf's decoded bytes (text in its charset, or binary).
        case bytes([UInt8])
        /// The parts of a multipart, in order.
        case parts([MIMEPart])
        /// A whole message (message/rfc822, message/global), or only its header
        /// (text/rfc822-headers, message/rfc822-headers: its body is then empty).
        case message(MIMEPart)
    }

    /// The part's header fields.
    public let header: HeaderBlock
    /// The part's Content-Type (or the default of RFC 2045).
    public let contentType: ContentType
    /// What the part holds.
    public let body: Body

    /// The decoded text of a leaf part in its charset; nil for multiparts and messages.
    public var text: TextDecoding.Decoded? {
        guard case .bytes(let bytes) = body else { return nil }
        return TextDecoding.decode(bytes, charset: contentType.parameters["charset"])
    }

    /// This part and every part below it, depth first, those inside carried messages included.
    public var allParts: [MIMEPart] {
        var result: [MIMEPart] = [self]
        switch body {
        case .bytes: break
        case .parts(let parts): for part in parts { result += part.allParts }
        case .message(let message): result += message.allParts
        }
        return result
    }

    /// This part and the parts below it, without going into carried messages.
    public var ownParts: [MIMEPart] {
        guard case .parts(let parts) = body else { return [self] }
        return [self] + parts.flatMap(\.ownParts)
    }

    /// The first carried message among this part's own parts (a returned message or its header).
    public var firstCarriedMessage: MIMEPart? {
        for part in ownParts { if case .message(let message) = part.body { return message } }
        return nil
    }
}

/// A message as read: its top-level part and what was noticed on the way.
public struct InboundMessage: Sendable {
    /// The whole message.
    public let root: MIMEPart
    /// The charsets not decoded exactly (text read as UTF-8 with replacements), lower-case.
    public let lossyCharsets: Set<String>
    /// Multiparts whose closing boundary was missing (the message was cut short), by boundary.
    public let unterminatedBoundaries: [String]
}
