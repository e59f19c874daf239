/// Writes the header fields whose values come from templates and customer data: unstructured
/// text (Subject, extra headers) and mailboxes (From, To, Reply-To).
///
/// Every value first goes through ``HeaderText/sanitized(_:)``, so line breaks, tabs and control
/// characters can never start a new header line. What is left is written as it is when it is
/// printable ASCII that folds within 78 characters, and as RFC 2047 encoded-words otherwise.
enum HeaderFields {
    /// An unstructured field such as `Subject`, folded at existing spaces when plain ASCII,
    /// encoded-words one per line otherwise.
    static func unstructured(name: String, value: String) -> FoldedHeader {
        let text = HeaderText.sanitized(value)
        if HeaderText.isPrintableASCII(text) && !EncodedWord.looksEncoded(text) {
            var header = FoldedHeader(name: name)
            for (separator, word) in spaceSeparatedWords(text) {
                header.append(word, separator: separator)
            }
            if header.longestLineLength <= FoldedHeader.preferredLineLength {
                return header
            }
        }
        var header = FoldedHeader(name: name)
        if !text.isEmpty {
            header.appendEncodedWords(for: text)
        }
        return header
    }

    /// A mailbox field such as `From: Sahab Shop <hello@shop.example>`.
    ///
    /// Runs of spaces in the display name become one space. A name of atoms is written as it is;
    /// other printable ASCII becomes a quoted-string (`"O'Neil, Jack"`, with `\"` and `\\`),
    /// or, when that is too long for one line, words folded between them, each an atom or a
    /// quoted-string of its own (`"O'Neil," Jack`, read back as the same name). Anything else
    /// becomes encoded-words, starting on a line of its own if that keeps it to one word. The
    /// address goes on the last line when it fits, or on a line of its own.
    ///
    /// A name that needs more than one encoded-word (more than 45 UTF-8 octets) is cut
    /// after a space where possible, the space kept at the end of the earlier word: RFC 2047
    /// readers drop the white space between adjacent words, so they show the name exactly.
    /// (Python's `email` parser up to at least 3.11 keeps that white space in display names,
    /// showing one extra space at each cut.)
    static func mailbox(name: String, _ mailbox: Mailbox) -> FoldedHeader {
        var header = FoldedHeader(name: name)
        let displayName = collapsingSpaceRuns(HeaderText.sanitized(mailbox.displayName ?? ""))
        guard !displayName.isEmpty else {
            header.append(mailbox.address.description)
            return header
        }
        let isPlainASCII = HeaderText.isPrintableASCII(displayName) && !EncodedWord.looksEncoded(displayName)
        let words = displayName.split(separator: " ").map(String.init)
        if isPlainASCII && header.fits(quotedString(displayName)) && !isPhraseOfAtoms(displayName) {
            header.append(quotedString(displayName))
        } else if isPlainASCII && words.allSatisfy({ $0.utf8.count <= maximumPlainWordLength }) {
            for word in words {
                header.append(isPhraseOfAtoms(word) ? word : quotedString(word))
            }
        } else {
            let fitsOneWord = displayName.utf8.count <= EncodedWord.byteCapacity(ofWordLength: EncodedWord.maximumLength)
            if fitsOneWord && displayName.utf8.count > EncodedWord.byteCapacity(ofWordLength: header.roomForEncodedWord) {
                header.foldBeforeNextPiece()
            }
            header.appendEncodedWords(for: displayName, splittingAfterSpaces: true)
        }
        header.append("<" + mailbox.address.description + ">")
        return header
    }

    /// The longest word of an ASCII display name written as it is; a longer one is encoded.
    static let maximumPlainWordLength = 70

    /// The text with every run of spaces made one space.
    static func collapsingSpaceRuns(_ text: String) -> String {
        text.split(separator: " ").joined(separator: " ")
    }

    /// The text as RFC 5322 quoted-string: in double quotes, with `"` and `\` escaped by `\`.
    static func quotedString(_ text: String) -> String {
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// Whether the text is words of RFC 5322 atext separated by single spaces, which a phrase
    /// may hold without quoting.
    static func isPhraseOfAtoms(_ text: String) -> Bool {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        return words.allSatisfy { word in !word.isEmpty && word.allSatisfy(EmailAddress.isAtomText) }
    }

    /// The text's words, each with the run of spaces before it (one space for the first word,
    /// which follows the colon), so folding before a run keeps every space.
    static func spaceSeparatedWords(_ text: String) -> [(separator: String, word: String)] {
        var pieces: [(separator: String, word: String)] = []
        var separator = " "
        var word = ""
        for character in text {
            if character == " " {
                if !word.isEmpty {
                    pieces.append((separator, word))
                    separator = ""
                    word = ""
                }
                separator.append(character)
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { pieces.append((separator, word)) }
        return pieces
    }
}
