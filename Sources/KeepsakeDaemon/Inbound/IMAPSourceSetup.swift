import Configuration
import Foundation
import IMAP
import Inbound
import Logging

/// Builds the IMAP source `inbound.imap.*` describes: reads the password (a file, or a systemd
/// credential under `$CREDENTIALS_DIRECTORY`) when the daemon starts, and starts the client's
/// thread. The client connects at the first poll.
enum IMAPSourceSetup {
    /// The source, or an error naming the setting to fix.
    static func source(
        _ settings: IMAPInboundConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(InboundSetupError) -> IMAPSource {
        let password = try password(settings, environment: environment)
        do {
            var configuration = try IMAPConfiguration(
                serverURL: settings.url.absoluteString, username: settings.user, password: password)
            configuration.startTLS = settings.requireSTARTTLS ? .required : .off
            configuration.caFile = settings.caFile
            try configuration.validate()
            return IMAPSource(
                client: try IMAPClient(configuration: configuration, logger: Logger(label: "imap")),
                folder: try IMAPFolderName(settings.folder), processedFolder: try IMAPFolderName(settings.processedFolder),
                keptAsideFolder: try IMAPFolderName(settings.keptAsideFolder), logger: Logger(label: "inbound"))
        } catch {
            throw InboundSetupError("inbound.imap: \(error)")
        }
    }

    /// The password, without the trailing line end editors add.
    static func password(_ settings: IMAPInboundConfiguration, environment: [String: String]) throws(InboundSetupError) -> String {
        let path: String
        if let file = settings.passwordFile {
            path = file
        } else if let credential = settings.passwordCredential {
            guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
                throw InboundSetupError(
                    "inbound.imap.password_credential: CREDENTIALS_DIRECTORY is not set; run Keepsake from a unit with "
                        + "LoadCredential=\(credential):/path/to/file")
            }
            path = (directory as NSString).appendingPathComponent(credential)
        } else {
            throw InboundSetupError("inbound.imap needs password_file or password_credential")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InboundSetupError(
                "inbound.imap: cannot read the IMAP password at \(path); check that the file exists and that the service's user may read it")
        }
        var password = text
        while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
        guard !password.isEmpty else { throw InboundSetupError("inbound.imap: the IMAP password file \(path) is empty") }
        return password
    }
}

/// Why the sources of returned mail cannot be set up: the setting to fix and what is wrong.
public struct InboundSetupError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
