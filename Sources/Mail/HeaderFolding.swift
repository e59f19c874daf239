/// Builds one header field line by line, folding (CRLF followed by white space, RFC 5322 §2.2.3)
/// between the pieces it is given so that lines stay within 78 characters where the pieces allow,
/// and lines holding an RFC 2047 encoded-word within 76 (RFC 2047 §2).
///
/// Pieces are never cut: a fold only ever goes where white space separates two pieces, so an
/// address, a quoted-string or an encoded-word is always whole on one line.
struct FoldedHeader {
    /// The recommended longest header line (RFC 5322 §2.1.1).
    static let preferredLineLength = 78
    /// The longest line holding an encoded-word (RFC 2047 §2).
    static let encodedWordLineLength = 76

    /// The header's lines without line ends; the first starts with `Name:`.
    private(set) var lines: [String]
    /// Whether the last line holds an encoded-word, which lowers its limit to 76.
    private var lastLineHasEncodedWord = false
    /// Whether the next piece starts a new line whatever its length.
    private var foldsBeforeNextPiece = false

    /// Starts a header with its name, such as `Subject`.
    init(name: String) {
        lines = [name + ":"]
    }

    /// Room left on the current line for a piece after a one-space separator, under the
    /// encoded-word limit.
    var roomForEncodedWord: Int {
        Self.encodedWordLineLength - currentLineLength - 1
    }

    /// Whether a piece fits on the current line after `separator` (under `limit`).
    func fits(_ piece: String, separator: String = " ", limit: Int = preferredLineLength) -> Bool {
        let effectiveLimit = lastLineHasEncodedWord ? min(limit, Self.encodedWordLineLength) : limit
        return currentLineLength + separator.utf8.count + piece.utf8.count <= effectiveLimit
    }

    /// Adds a piece after `separator` (white space; one space by default), on the current line if
    /// it fits, otherwise on a new folded line that starts with the separator. The first piece
    /// always goes on the first line: a fold right after the colon would become a leading space in
    /// the value for some parsers.
    mutating func append(_ piece: String, separator: String = " ", isEncodedWord: Bool = false) {
        let limit = isEncodedWord ? Self.encodedWordLineLength : Self.preferredLineLength
        let isFirstPiece = lines.count == 1 && lines[0].hasSuffix(":")
        if !foldsBeforeNextPiece && (isFirstPiece || fits(piece, separator: separator, limit: limit)) {
            lines[lines.count - 1] += separator + piece
            lastLineHasEncodedWord = lastLineHasEncodedWord || isEncodedWord
        } else {
            lines.append(separator + piece)
            lastLineHasEncodedWord = isEncodedWord
        }
        foldsBeforeNextPiece = false
    }

    /// Makes the next piece start a new line, even right after the colon. Only for structured
    /// fields (addresses), where white space before the first piece is not part of the value.
    mutating func foldBeforeNextPiece() {
        foldsBeforeNextPiece = true
    }

    /// Adds encoded-words for `text`, one per folded line when they do not fit together.
    /// After ``foldBeforeNextPiece()`` the first word may take a whole line of its own.
    mutating func appendEncodedWords(for text: String, splittingAfterSpaces: Bool = false) {
        let room = foldsBeforeNextPiece ? EncodedWord.maximumLength : roomForEncodedWord
        let words = EncodedWord.encode(text, firstWordMaximum: room, splittingAfterSpaces: splittingAfterSpaces)
        for word in words {
            append(word, isEncodedWord: true)
        }
    }

    /// The longest line, in octets.
    var longestLineLength: Int {
        lines.map(\.utf8.count).max() ?? 0
    }

    /// The header as it goes on the wire: its lines joined and ended with CRLF.
    var wireText: String {
        lines.joined(separator: "\r\n") + "\r\n"
    }

    private var currentLineLength: Int {
        lines[lines.count - 1].utf8.count
    }
}
