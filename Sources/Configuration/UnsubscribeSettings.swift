import Foundation
import Mail
import StrictYAML

/// Where recipients can unsubscribe, for the `List-Unsubscribe` header.
public struct UnsubscribeSettings: Sendable {
    /// The address that receives unsubscribe requests by mail (`unsubscribe.mailto`).
    public var mailto: EmailAddress?
    /// The https address under which one-click unsubscribe links are made (`unsubscribe.base_url`).
    public var baseURL: URL?

    /// Creates unsubscribe settings.
    public init(mailto: EmailAddress? = nil, baseURL: URL? = nil) {
        self.mailto = mailto
        self.baseURL = baseURL
    }

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
        let baseURL = try settings.explicit("unsubscribe.base_url").map { value throws(YAMLError) in
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
        return UnsubscribeSettings(mailto: mailto, baseURL: baseURL)
    }
}
