import Foundation
import StrictYAML

/// The listener's report page (`web.*`): `/report` answers a request from loopback without
/// `X-Forwarded-For` as it is, and any other only with the token read here.
public struct WebSettings: Sendable {
    /// The token `/report` asks of a request that is not from loopback or that carries
    /// `X-Forwarded-For` (as `Authorization: Bearer TOKEN` or `?token=TOKEN`); nil: such requests are refused.
    public var reportToken: String?

    /// The shortest token accepted, in characters.
    public static let minimumTokenLength = 24

    public init(reportToken: String? = nil) {
        self.reportToken = reportToken
    }

    /// Reads `web.report_token_file` or `web.report_token_credential` (a systemd credential name), at most one.
    static func read(_ settings: SettingsReader, environment: [String: String]) throws(YAMLError) -> WebSettings {
        let file = settings.value("web.report_token_file")
        let credential = settings.value("web.report_token_credential")
        if file != nil, let credential {
            throw credential.error(.invalidValue, "give the report token once: web.report_token_file or web.report_token_credential, not both")
        }
        guard let value = file ?? credential else { return WebSettings() }
        let path = file != nil
            ? try value.string() : try SystemdCredential.path(namedBy: value, environment: environment, example: "report-token")
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw value.error(.invalidValue, file != nil
                ? "cannot read the report token file \(path); create it with `head -c 24 /dev/urandom | base64 > \(path)`, readable by keepsake only"
                : SystemdCredential.missing(path))
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= minimumTokenLength, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw value.error(.invalidValue, "the report token in \(path) must be at least \(minimumTokenLength) printable ASCII characters without spaces (`head -c 24 /dev/urandom | base64 > \(path)`)")
        }
        return WebSettings(reportToken: token)
    }
}
