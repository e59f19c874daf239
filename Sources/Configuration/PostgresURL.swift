import StrictYAML

/// Reads `database.url`: `postgresql://USER@HOST:PORT/DATABASE` (or `postgres://`), with a host
/// name, an IPv4 address, `[IPv6]`, or a unix socket folder written percent-encoded
/// (`%2Frun%2Fpostgresql`). No password, no query: those have settings of their own.
enum PostgresURL {
    /// The longest URL read, in bytes.
    static let maximumLength = 1_024

    static func parse(_ text: String, at value: YAMLValue) throws(YAMLError) -> PostgresSettings {
        let shape = "postgresql://USER@HOST:5432/DATABASE"
        guard text.utf8.count <= maximumLength else {
            throw value.error(.invalidValue, "the URL is longer than \(maximumLength) bytes; expected \(shape)")
        }
        guard let schemeEnd = text.range(of: "://") else {
            throw value.error(.invalidValue, "expected a URL such as \(shape), got \"\(text)\"")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgresql" || scheme == "postgres" else {
            throw value.error(.invalidValue, "unknown scheme \"\(scheme)\": database.url takes \(shape) (for SQLite, set database.path instead)")
        }
        let rest = text[schemeEnd.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            throw value.error(.invalidValue, "database.url takes no query or fragment (\(shape)): TLS is database.tls and database.ca_file, the password database.password_file or database.password_credential")
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw value.error(.invalidValue, "the URL names no database: expected \(shape)")
        }
        let authority = rest[..<slash]
        let database = try decoded(rest[rest.index(after: slash)...], what: "database name", at: value)
        guard !database.isEmpty, !database.contains("/") else {
            throw value.error(.invalidValue, "the URL names no database (or a path instead of one name): expected \(shape)")
        }
        guard let at = authority.lastIndex(of: "@") else {
            throw value.error(.invalidValue, "the URL names no user: expected \(shape)")
        }
        let userInformation = authority[..<at]
        if userInformation.contains(":") {
            throw value.error(.invalidValue, "a password never goes in database.url; remove it from the URL and put it in a file named by database.password_file or a systemd credential named by database.password_credential")
        }
        let user = try decoded(userInformation, what: "user name", at: value)
        guard !user.isEmpty else { throw value.error(.invalidValue, "the URL names no user: expected \(shape)") }
        let (hostText, portText) = try split(hostAndPort: authority[authority.index(after: at)...], at: value, shape: shape)
        let host = try decoded(hostText, what: "host", at: value)
        var port = PostgresSettings.defaultPort
        if let portText {
            guard let number = Int(portText), portText.allSatisfy(\.isASCII), (1...65_535).contains(number) else {
                throw value.error(.invalidValue, "the port \"\(portText)\" is not a number from 1 to 65535")
            }
            port = number
        }
        if host.hasPrefix("/") {
            return PostgresSettings(host: nil, socketDirectory: host, port: port, user: user, database: database, tls: .off)
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:".contains($0)) }) else {
            throw value.error(.invalidValue, "the host \"\(host)\" is not a host name or address: expected \(shape)")
        }
        return PostgresSettings(host: host, port: port, user: user, database: database, tls: .required)
    }

    /// `host:port`, `[v6]:port`, `host` → (host, port text).
    private static func split(hostAndPort: Substring, at value: YAMLValue, shape: String) throws(YAMLError) -> (Substring, Substring?) {
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else {
                throw value.error(.invalidValue, "the IPv6 address in the URL has no closing ]: expected \(shape)")
            }
            let host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            let after = hostAndPort[hostAndPort.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":") else { throw value.error(.invalidValue, "expected :PORT after the IPv6 address, as in \(shape)") }
            return (host, after.dropFirst())
        }
        guard let colon = hostAndPort.lastIndex(of: ":") else { return (hostAndPort, nil) }
        return (hostAndPort[..<colon], hostAndPort[hostAndPort.index(after: colon)...])
    }

    /// Percent-decodes a part of the URL, refusing malformed escapes and control characters.
    private static func decoded(_ part: Substring, what: String, at value: YAMLValue) throws(YAMLError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(part.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexadecimalValue), let low = iterator.next().flatMap(hexadecimalValue) else {
                throw value.error(.invalidValue, "the \(what) in the URL has a % not followed by two hexadecimal digits")
            }
            bytes.append(high << 4 | low)
        }
        guard let text = String(validating: bytes, as: UTF8.self), !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw value.error(.invalidValue, "the \(what) in the URL is not valid UTF-8 text without control characters")
        }
        return text
    }

    private static func hexadecimalValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
