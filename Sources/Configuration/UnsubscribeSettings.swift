import Foundation
import Mail
import StrictYAML

/// Where recipients can unsubscribe, for the `List-Unsubscribe` header, and where the daemon
/// answers the one-click links.
public struct UnsubscribeSettings: Sendable {
    /// The address that receives unsubscribe requests by mail (`unsubscribe.mailto`).
    public var mailto: EmailAddress?
    /// The https address under which one-click unsubscribe links are made (`unsubscribe.base_url`).
    public var baseURL: URL?

    /// The key unsubscribe tokens and coupon codes are derived with (HMAC-SHA256), read from
    /// `unsubscribe.secret_file`; nil when not configured.
    public var secret: [UInt8]?

    /// Where `keepsake run` listens for one-click unsubscribes, `/metrics` and `/healthz`
    /// (`unsubscribe.listen`); nil (the default) means no listener.
    public var listen: ListenAddress?

    /// The reverse proxies whose `X-Forwarded-For` is believed (`unsubscribe.trusted_proxies`),
    /// 127.0.0.1 and ::1 by default.
    public var trustedProxies: [IPNetwork]

    /// The shortest secret accepted, in bytes.
    public static let minimumSecretLength = 32

    /// The default of `unsubscribe.trusted_proxies`: a reverse proxy on the same machine.
    public static let defaultTrustedProxies = ["127.0.0.1", "::1"]

    /// Creates unsubscribe settings.
    public init(
        mailto: EmailAddress? = nil, baseURL: URL? = nil, secret: [UInt8]? = nil, listen: ListenAddress? = nil,
        trustedProxies: [IPNetwork] = defaultTrustedProxies.map { try! IPNetwork(parsing: $0) }
    ) {
        self.mailto = mailto
        self.baseURL = baseURL
        self.secret = secret
        self.listen = listen
        self.trustedProxies = trustedProxies
    }

    /// The key for links and coupon codes: the configured secret, or a fixed development key
    /// (``usesDevelopmentSecret``) that must never be used for a real shop.
    public var linkSecret: [UInt8] {
        secret ?? Array("keepsake development secret: set unsubscribe.secret_file in production".utf8)
    }

    /// Whether links and coupon codes would be made with the development key.
    public var usesDevelopmentSecret: Bool { secret == nil }

    /// The `List-Unsubscribe` targets for a message: the mailto address and the base URL, or nil when neither is set.
    /// Per-recipient one-click links are made under ``baseURL`` by the campaign sender.
    public var listUnsubscribe: ListUnsubscribe? {
        try? ListUnsubscribe(mailto: mailto, https: baseURL)
    }
}

extension UnsubscribeSettings {
    /// Reads the `unsubscribe` settings.
    static func read(_ settings: SettingsReader) throws(YAMLError) -> UnsubscribeSettings {
        let mailto = try settings.explicit("unsubscribe.mailto")?.convert { text throws in try EmailAddress(text) }
        let baseURL = try settings.value("unsubscribe.base_url").map { value throws(YAMLError) in
            let text = try value.string()
            guard let url = URL(string: text), url.scheme?.lowercased() == "https", let host = url.host, !host.isEmpty else {
                throw value.error(.invalidValue, "expected an https:// address such as https://shop.example/keepsake, got \"\(text)\"")
            }
            do {
                _ = try ListUnsubscribe(https: url)
            } catch {
                throw value.error(.invalidValue, "\(error)")
            }
            return url
        }
        let secret = try settings.explicit("unsubscribe.secret_file").map { value throws(YAMLError) -> [UInt8] in
            let path = try value.string()
            guard let data = FileManager.default.contents(atPath: path) else {
                throw value.error(.invalidValue, "cannot read the secret file \(path); create it with `head -c 32 /dev/urandom > \(path)` and make it readable by keepsake only")
            }
            guard data.count >= minimumSecretLength else {
                throw value.error(.invalidValue, "the secret file \(path) holds \(data.count) bytes; it needs at least \(minimumSecretLength) random bytes (`head -c 32 /dev/urandom > \(path)`)")
            }
            return Array(data)
        }
        let listen = try settings.explicit("unsubscribe.listen")?.convert { text throws in try ListenAddress(parsing: text) }
        var trustedProxies = defaultTrustedProxies.map { try! IPNetwork(parsing: $0) }
        if let (entries, origin) = try settings.list("unsubscribe.trusted_proxies") {
            // In the file, each element's own line and column; in the environment, the variable.
            let elements = (try? origin.elements()) ?? []
            trustedProxies = try entries.enumerated().map { index, entry throws(YAMLError) in
                do {
                    return try IPNetwork(parsing: entry)
                } catch {
                    throw (elements.count == entries.count ? elements[index] : origin).error(.invalidValue, "\(error)")
                }
            }
        }
        return UnsubscribeSettings(
            mailto: mailto, baseURL: baseURL, secret: secret, listen: listen, trustedProxies: trustedProxies)
    }
}
