import CCurl
// Imported as well as CCurl: curl.h's declarations belong to whichever of the two modules clang
// loads first, and a whole-module (release) build may load CCurlShim first.
import CCurlShim

/// What libcurl's C callbacks collect during one IMAP command: the server's reply lines (through
/// the debug callback), and the data it hands over as the body (a fetched message, or the untagged
/// replies of a custom command), bounded by a byte limit. Passed to the callbacks as an unretained
/// pointer that lives as long as the transfer.
final class IMAPTransfer {
    /// The most body bytes kept; one more makes the write callback stop the transfer.
    let bodyLimit: Int
    private(set) var body: [UInt8] = []
    /// Whether the server sent more than `bodyLimit` bytes (the transfer was stopped).
    private(set) var bodyOverflowed = false
    /// The first two words of the last command sent, upper-cased, without its tag: `SELECT`, `UID MOVE`.
    private(set) var lastCommand: [String] = []
    /// The folder named by the last SELECT sent, as sent.
    private(set) var lastSelectedFolder: String?
    /// The tagged reply to the last command: `OK`, `NO` or `BAD` and its text.
    private(set) var taggedReply: (status: String, text: String)?
    /// Untagged reply lines (`* …`) since the last command, without `* ` and the line end.
    private(set) var untagged: [String] = []
    /// The UIDVALIDITY in the last SELECT's replies, if one was selected during this transfer.
    private(set) var selectedUIDValidity: UInt32?
    /// The capabilities the server announced last during this transfer.
    private(set) var capabilities: Set<String>?
    private var pendingInput: [UInt8] = []
    /// Whether LOGOUT was sent; replies after it say nothing about the command.
    private var loggingOut = false

    /// Bounds on what is kept of reply lines, whatever the server sends.
    private static let untaggedLineLimit = 10_000
    private static let lineLengthLimit = 64 * 1024

    init(bodyLimit: Int) {
        self.bodyLimit = bodyLimit
    }

    /// CURLOPT_WRITEFUNCTION: keeps body bytes up to the limit; returning less than given stops the transfer.
    static let receiveBody: curl_write_callback = { data, size, count, context in
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<IMAPTransfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        guard transfer.body.count + length <= transfer.bodyLimit else {
            transfer.bodyOverflowed = true
            return 0
        }
        transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        return length
    }

    /// CURLOPT_DEBUGFUNCTION: commands out and reply lines in.
    static let observeDialogue: curl_debug_callback = { _, kind, data, size, context in
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<IMAPTransfer>.fromOpaque(context).takeUnretainedValue()
        transfer.observe(kind, UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }

    /// What the debug callback passes on: commands out and reply lines in.
    func observe(_ kind: curl_infotype, _ bytes: UnsafeRawBufferPointer) {
        switch kind {
        case CURLINFO_HEADER_OUT: commandSent(bytes)
        case CURLINFO_HEADER_IN: replyReceived(bytes)
        default: break
        }
    }

    /// Records a command: its tag is dropped; only its first words are kept (never a password).
    func commandSent(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes.prefix(512), as: UTF8.self)
        let words = line.split(whereSeparator: \.isWhitespace).dropFirst()
        // libcurl logs out after a refused command; the reply that matters came before.
        guard words.first?.uppercased() != "LOGOUT" else {
            loggingOut = true
            return
        }
        lastCommand = words.prefix(2).map { $0.uppercased() }
        if lastCommand.first == "SELECT" || lastCommand.first == "EXAMINE" {
            lastSelectedFolder = words.dropFirst().first.map { String($0).trimmingQuotes }
            selectedUIDValidity = nil
        }
        taggedReply = nil
        untagged = []
    }

    /// Records reply bytes; lines end at LF (a CR before it is dropped).
    func replyReceived(_ bytes: UnsafeRawBufferPointer) {
        var lineStart = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            pendingInput.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<index]))
            lineStart = index + 1
            if pendingInput.last == UInt8(ascii: "\r") { pendingInput.removeLast() }
            lineEnded(String(decoding: pendingInput.prefix(Self.lineLengthLimit), as: UTF8.self))
            pendingInput = []
        }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[lineStart...])
        pendingInput.append(contentsOf: rest.prefix(max(0, Self.lineLengthLimit - pendingInput.count)))
    }

    private func lineEnded(_ line: String) {
        guard !loggingOut else { return }
        if line.hasPrefix("* ") {
            let text = String(line.dropFirst(2))
            if untagged.count < Self.untaggedLineLimit { untagged.append(text) }
            if let value = Self.bracketed("UIDVALIDITY", in: text).flatMap(UInt32.init) { selectedUIDValidity = value }
            noteCapabilities(text)
        } else if !line.hasPrefix("+"), let space = line.firstIndex(of: " ") {
            let rest = line[line.index(after: space)...]
            let status = rest.prefix { $0 != " " }.uppercased()
            guard ["OK", "NO", "BAD"].contains(status) else { return }
            taggedReply = (status, String(rest.dropFirst(status.count).drop { $0 == " " }))
            noteCapabilities(String(rest.dropFirst(status.count).drop { $0 == " " }))
        }
    }

    private func noteCapabilities(_ text: String) {
        var words = text.split(separator: " ")
        if words.first == "OK", words.count > 1 { words.removeFirst() }
        guard let first = words.first, first == "CAPABILITY" || first == "[CAPABILITY" else { return }
        var names = Set<String>()
        for word in words.dropFirst() {
            names.insert(word.replacingOccurrences(of: "]", with: "").uppercased())
            if word.hasSuffix("]") { break }
        }
        capabilities = names
    }

    /// The value in `[NAME value]` within a reply text, if any.
    static func bracketed(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "[\(name) ") else { return nil }
        return String(text[start.upperBound...].prefix { $0 != "]" })
    }
}

extension String {
    /// The string without one pair of surrounding double quotes.
    var trimmingQuotes: String {
        count >= 2 && hasPrefix("\"") && hasSuffix("\"") ? String(dropFirst().dropLast()) : self
    }
}
