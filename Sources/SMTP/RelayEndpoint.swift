/// The scheme, host and port of a relay URL, parsed strictly.
package struct RelayEndpoint: Hashable {
    let scheme: String
    let host: String
    let port: Int

    init(parsing url: String) throws(SMTPConfigurationError) {
        func invalid(_ why: String) -> SMTPConfigurationError {
            SMTPConfigurationError(.invalidURL, "SMTP relay URL \"\(url)\" \(why); expected smtp://host[:port] or smtps://host[:port]")
        }
        guard let separator = url.firstRange(of: "://") else { throw invalid("has no scheme") }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "smtp" || scheme == "smtps" else { throw invalid("has the scheme \"\(scheme)\"") }
        var authority = Substring(url[separator.upperBound...])
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.contains("/"), !authority.contains("@"), !authority.contains("?") else {
            throw invalid("has a path, user or query (set helo_name and username as their own settings)")
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("has an unclosed IPv6 bracket") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw invalid("has text after the IPv6 address") }
                portText = rest.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw invalid("has no host") }
        guard host.contains(":") || Self.isHostName(String(host)) else { throw invalid("has an invalid host \"\(host)\"") }
        let defaultPort = scheme == "smtps" ? 465 : 25
        var port = defaultPort
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else { throw invalid("has an invalid port \"\(portText)\"") }
            port = number
        }
        self.scheme = scheme
        self.host = String(host)
        self.port = port
    }

    /// Letters, digits, hyphens and dots, labels of 1–63 characters (IPv4 addresses pass too).
    static func isHostName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        }
    }

    package static func isLoopback(host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" { return true }
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { octet in UInt8(octet).map { String($0) == octet } ?? false }
    }
}
