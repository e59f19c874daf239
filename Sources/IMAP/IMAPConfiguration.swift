import Foundation

/// How Keepsake reaches one IMAP mailbox: the server, the account, and how strictly TLS is required.
///
/// `imaps://` is TLS from the first byte; `imap://` upgrades with STARTTLS, which is required unless
/// the operator explicitly allows plain text (``startTLS`` = `.off`, meant for loopback tests).
public struct IMAPConfiguration: Sendable, Hashable {
    /// Whether an `imap://` connection must upgrade with STARTTLS.
    public enum StartTLS: String, Sendable, Hashable {
        /// STARTTLS or no connection (the default): a server that does not offer it is refused.
        case required
        /// Plain text, never upgraded. Only for a server on loopback (tests); refused for any other.
        case off
    }

    /// The server, as `imaps://host[:port]` or `imap://host[:port]`, without a folder.
    public let serverURL: String
    /// The server's host name or address, lower-case.
    public let host: String
    /// The account name.
    public var username: String
    /// The account password.
    public var password: String
    /// STARTTLS policy for `imap://` (ignored for `imaps://`).
    public var startTLS: StartTLS = .required
    /// A PEM file of CA certificates to trust instead of the system's (a private CA, or a test's
    /// self-signed certificate).
    public var caFile: String?
    /// Time allowed to open the connection (TCP, TLS, login).
    public var connectTimeout: Duration = .seconds(15)
    /// Time allowed for one whole command, fetching a message included.
    public var commandTimeout: Duration = .seconds(120)
    /// The largest message fetched; bigger ones are refused from their RFC822.SIZE before any of
    /// their bytes are read. 25 MiB by default.
    public var messageSizeLimit: Int = 25 * 1024 * 1024
    /// The most UIDs one listing returns (the oldest messages first).
    public static let listingLimit = 500

    /// Checks the URL's form; no connection is made.
    public init(serverURL: String, username: String, password: String) throws(IMAPError) {
        guard let components = URLComponents(string: serverURL),
              let scheme = components.scheme?.lowercased(), scheme == "imap" || scheme == "imaps",
              let host = components.host, !host.isEmpty
        else {
            throw IMAPError(.invalidConfiguration, "the IMAP URL \"\(serverURL)\" is not imaps://host[:port] or imap://host[:port]")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil else {
            throw IMAPError(.invalidConfiguration, "the IMAP URL \"\(serverURL)\" names a folder or query; give the server only (imaps://host[:port]) and the folder separately")
        }
        guard components.user == nil, components.password == nil else {
            throw IMAPError(.invalidConfiguration, "the IMAP URL \"\(serverURL)\" carries a user or password; give them separately (the password from a file or systemd credential)")
        }
        let lowercaseHost = host.lowercased()
        var base = "\(scheme)://\(lowercaseHost.contains(":") ? "[\(lowercaseHost)]" : lowercaseHost)"
        if let port = components.port { base += ":\(port)" }
        self.serverURL = base
        self.host = lowercaseHost
        self.username = username
        self.password = password
    }

    /// Whether the connection is TLS from its first byte.
    public var usesImplicitTLS: Bool { serverURL.hasPrefix("imaps://") }

    /// Checks what a caller may have changed since `init`: plain text only to a loopback server.
    public func validate() throws(IMAPError) {
        guard usesImplicitTLS || startTLS == .required || isLoopback else {
            throw IMAPError(.invalidConfiguration, "STARTTLS may be off only for an IMAP server on loopback (127.0.0.1, ::1, localhost), not \(host): the password would cross the network in clear; use imaps:// or require STARTTLS")
        }
        guard messageSizeLimit > 0, connectTimeout > .zero, commandTimeout > .zero else {
            throw IMAPError(.invalidConfiguration, "the IMAP message size limit and timeouts must be positive")
        }
    }

    /// Whether `host` is this machine: `localhost`, `::1` or an address in 127.0.0.0/8.
    var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1 && UInt32(bigEndian: address.s_addr) >> 24 == 127
    }

    /// The URL libcurl is given for a folder, optionally pinned to a UIDVALIDITY and a UID.
    func url(folder: IMAPFolderName? = nil, uidValidity: UInt32? = nil, uid: UInt32? = nil) -> String {
        var url = serverURL + "/"
        guard let folder else { return url }
        url += folder.urlPath
        if let uidValidity { url += ";UIDVALIDITY=\(uidValidity)" }
        if let uid { url += "/;UID=\(uid)" }
        return url
    }
}

/// A folder's name, checked once: printable ASCII without `"`, `\`, `/`, `%` or `*` (modified
/// UTF-7 names are not supported). Hierarchy uses the server's separator, usually `.` or `/`…
/// `/` is refused here because libcurl reads it as the end of the folder in a URL.
public struct IMAPFolderName: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) throws(IMAPError) {
        let allowed = name.utf8.allSatisfy { byte in
            byte >= 0x20 && byte < 0x7F && !"\"\\/%*".utf8.contains(byte)
        }
        guard !name.isEmpty, name.utf8.count <= 200, allowed else {
            throw IMAPError(.invalidConfiguration, "the IMAP folder name \"\(name)\" must be 1 to 200 printable ASCII characters without \" \\ / % or * (use the server's . separator for subfolders)")
        }
        self.name = name
    }

    public var description: String { name }

    /// The name as an IMAP quoted string, for custom commands.
    var quoted: String { "\"\(name)\"" }

    /// The name percent-encoded for a URL path.
    var urlPath: String {
        name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? name
    }
}
