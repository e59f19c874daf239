/// RFC 2047 encoded-words (`=?UTF-8?B?…?=`) for header text that is not plain printable ASCII:
/// subjects and display names in Persian, Arabic, emoji, or with anything else a header cannot
/// carry as it is.
///
/// Each word is at most 75 characters and holds whole UTF-8 sequences only (RFC 2047 §5: a word
/// must decode on its own). Text is cut between `Character`s (grapheme clusters) where possible,
/// so an emoji ZWJ sequence such as 👨‍👩‍👧 stays in one word when it fits in one; only a cluster
/// too long for a whole word is cut, between its Unicode scalars. Spaces are encoded inside the
/// words, since white space between adjacent encoded-words is not part of the text.
enum EncodedWord {
    /// The longest encoded-word RFC 2047 allows.
    static let maximumLength = 75
    /// `=?UTF-8?B?` and `?=` around the base64 text.
    private static let prefix = "=?UTF-8?B?"
    private static let suffix = "?="
    /// The shortest word worth starting: room for 6 bytes, more than any Unicode scalar needs.
    static let minimumUsefulLength = prefix.count + suffix.count + 8

    /// The text as encoded-words. The first word is at most `firstWordMaximum` characters (room
    /// left on the current header line; if that is less than ``minimumUsefulLength`` the first
    /// word gets the full 75, to go on a line of its own); the others at most 75.
    ///
    /// With `splittingAfterSpaces`, a word ends after a space of the text whenever the rest of
    /// that text word fits in the next encoded-word (for display names; see
    /// ``HeaderFields/mailbox(name:_:)``).
    static func encode(_ text: String, firstWordMaximum: Int, splittingAfterSpaces: Bool = false) -> [String] {
        let firstMaximum = firstWordMaximum >= minimumUsefulLength ? min(firstWordMaximum, maximumLength) : maximumLength
        var words: [String] = []
        var pending: [UInt8] = []
        var pendingEndAfterLastSpace = 0
        var capacity = byteCapacity(ofWordLength: firstMaximum)

        func flush(keepingFrom cut: Int? = nil) {
            let cut = cut ?? pending.count
            words.append(prefix + String(decoding: Base64Lines.encodeUnwrapped(Array(pending[..<cut])), as: UTF8.self) + suffix)
            pending = Array(pending[cut...])
            pendingEndAfterLastSpace = 0
            capacity = byteCapacity(ofWordLength: maximumLength)
        }

        /// Adds the character to the pending word if it fits, and tells whether it did.
        func takeIfItFits(_ character: Character, _ bytes: [UInt8]) -> Bool {
            guard pending.count + bytes.count <= capacity else { return false }
            pending += bytes
            if character == " " { pendingEndAfterLastSpace = pending.count }
            return true
        }

        for character in text {
            let bytes = Array(String(character).utf8)
            if takeIfItFits(character, bytes) { continue }
            let carried = pending.count - pendingEndAfterLastSpace
            if splittingAfterSpaces && pendingEndAfterLastSpace > 0 && carried + bytes.count <= byteCapacity(ofWordLength: maximumLength) {
                flush(keepingFrom: pendingEndAfterLastSpace)
            } else if !pending.isEmpty {
                flush()
            }
            if takeIfItFits(character, bytes) { continue }
            // A grapheme cluster longer than a whole word: cut it between scalars.
            for scalar in character.unicodeScalars {
                let scalarBytes = Array(String(scalar).utf8)
                if pending.count + scalarBytes.count > capacity { flush() }
                pending += scalarBytes
            }
        }
        if !pending.isEmpty || words.isEmpty { flush() }
        return words
    }

    /// How many bytes fit in a word of the given length: whole base64 groups of 4 characters,
    /// 3 bytes each, between the prefix and the suffix.
    static func byteCapacity(ofWordLength length: Int) -> Int {
        (length - prefix.count - suffix.count) / 4 * 3
    }

    /// Whether printable ASCII text can still be misread as containing encoded-words, and so
    /// must be encoded itself for the recipient to see exactly what was written.
    static func looksEncoded(_ text: String) -> Bool {
        text.contains("=?")
    }
}
