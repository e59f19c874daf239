import CCurl
import CCurlShim

/// Turns what libcurl returned for one command, and the dialogue seen, into an ``IMAPError``
/// that names the server, the account or the folder concerned.
enum IMAPFailure {
    static func classify(
        _ result: CURLcode, transfer: IMAPTransfer, errorText: String, configuration: IMAPConfiguration
    ) -> IMAPError {
        let server = configuration.serverURL
        let said = transfer.taggedReply.map { " (server said: \($0.status) \($0.text))" } ?? (errorText.isEmpty ? "" : " (\(errorText))")
        switch result {
        case CURLE_WRITE_ERROR where transfer.bodyOverflowed:
            return IMAPError(.messageTooLarge, "the message on \(server) is over the \(transfer.bodyLimit)-byte limit; it was not read")
        case CURLE_LOGIN_DENIED where transfer.lastCommand.first == "SELECT" || transfer.lastCommand.first == "EXAMINE":
            return IMAPError(.folderMissing, "the folder \"\(transfer.lastSelectedFolder ?? "?")\" does not exist for user \(configuration.username) on \(server)\(said); create it or fix the folder setting")
        case CURLE_LOGIN_DENIED:
            return IMAPError(.authenticationRefused, "\(server) refused the login of user \(configuration.username)\(said); check the user name and the password file")
        case CURLE_USE_SSL_FAILED:
            return IMAPError(.tlsFailed, "\(server) does not offer STARTTLS, which is required: enable TLS on the server or use imaps://\(said)")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CIPHER, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE:
            return IMAPError(.tlsFailed, "TLS with \(server) failed: \(errorText.isEmpty ? String(cString: curl_easy_strerror(result)) : errorText); check the certificate and the CA file")
        case CURLE_REMOTE_FILE_NOT_FOUND where transfer.lastCommand.first == "SELECT" || transfer.lastCommand.first == "EXAMINE":
            return IMAPError(.uidValidityChanged, "the UIDVALIDITY of folder \"\(transfer.lastSelectedFolder ?? "?")\" on \(server) changed (now \(transfer.selectedUIDValidity.map(String.init) ?? "unknown")): its UIDs name other messages now")
        case CURLE_REMOTE_FILE_NOT_FOUND:
            return IMAPError(.messageMissing, "no such message on \(server)\(said): it was moved or expunged by someone else")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
             CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_WEIRD_SERVER_REPLY:
            let reason = errorText.isEmpty ? String(cString: curl_easy_strerror(result)) : errorText
            return IMAPError(.serverGone, "the IMAP server \(server) is unreachable or closed the connection: \(reason); nothing was changed, the next poll tries again")
        default:
            let reason = errorText.isEmpty ? String(cString: curl_easy_strerror(result)) : errorText
            let command = transfer.lastCommand.joined(separator: " ")
            return IMAPError(.commandRefused, "\(server) refused \(command.isEmpty ? "a command" : command)\(transfer.taggedReply == nil ? " (\(reason))" : said)")
        }
    }
}
