/// Finds `local@domain` addresses in free text in one pass: from each `@`, the local part runs left
/// over the characters of RFC 5322's dot-atom, the domain right over letters, digits, `-` and `.`.
enum AddressScanner {
    static func addresses(in text: Substring) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var found: [String] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "@" else { index += 1; continue }
            var start = index
            while start > 0, isLocal(scalars[start - 1]) { start -= 1 }
            var end = index + 1
            while end < scalars.count, isDomain(scalars[end]) { end += 1 }
            var local = String(String.UnicodeScalarView(scalars[start..<index]))
            var domain = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            while local.hasPrefix(".") || local.hasPrefix("'") || local.hasPrefix("`") { local.removeFirst() }
            // Exchange writes `SMTP=user@example.com` and `[SMTP:user@example.com]`.
            if local.lowercased().hasPrefix("smtp=") { local.removeFirst(5) }
            while domain.hasSuffix(".") || domain.hasSuffix("-") { domain.removeLast() }
            if !local.isEmpty, domain.contains("."), !domain.hasPrefix(".") {
                found.append(local + "@" + domain)
            }
            index = max(end, index + 1)
        }
        return found
    }

    static func addresses(in text: String) -> [String] { addresses(in: Substring(text)) }

    /// The first address in a header value such as `"Bob" <bob@example.com>`, or nil.
    static func firstAddress(in value: String?) -> String? {
        value.flatMap { addresses(in: $0).first }
    }

    private static func isLocal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~", ".": true
        default: false
        }
    }

    private static func isDomain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", ".": true
        default: false
        }
    }
}
