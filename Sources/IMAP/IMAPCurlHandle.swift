import CCurl
import CCurlShim
import Foundation

/// libcurl's process-wide set-up for IMAP, done once before any handle exists. `curl_global_init`
/// counts its calls and is thread-safe in Debian's libcurl 7.88 (`curl -V` lists `threadsafe`), so
/// this and the SMTP transport's own call may both run, even while SMTP threads are sending.
enum IMAPCurlGlobal {
    static let initialized: Void = {
        signal(SIGPIPE, SIG_IGN)
        curl_global_init(Int(CURL_GLOBAL_ALL))
    }()
}

/// One libcurl easy handle set up for an IMAP account: URL scheme, TLS, login, timeouts and the
/// callbacks. Belongs to exactly one thread for its whole life.
final class IMAPCurlHandle {
    let raw: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init(_ configuration: IMAPConfiguration) throws(IMAPError) {
        try configuration.validate()
        _ = IMAPCurlGlobal.initialized
        guard let raw = curl_easy_init() else {
            throw IMAPError(.curlUnusable, "libcurl could not create a handle (out of memory?)")
        }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try check(keepsake_curl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)), CURLOPT_ERRORBUFFER)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_VERBOSE, 1) // reply lines reach the debug callback only when verbose
        try check(keepsake_curl_setopt_debug_function(raw, IMAPTransfer.observeDialogue), CURLOPT_DEBUGFUNCTION)
        try check(keepsake_curl_setopt_write_function(raw, IMAPTransfer.receiveBody), CURLOPT_WRITEFUNCTION)
        if !configuration.usesImplicitTLS {
            let level = configuration.startTLS == .required ? CURLUSESSL_ALL : CURLUSESSL_NONE
            try set(CURLOPT_USE_SSL, Int(level.rawValue))
        }
        if let caFile = configuration.caFile { try set(CURLOPT_CAINFO, caFile) }
        try set(CURLOPT_USERNAME, configuration.username)
        try set(CURLOPT_PASSWORD, configuration.password)
        try set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds)
        try set(CURLOPT_TIMEOUT_MS, configuration.commandTimeout.milliseconds)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Runs one command: `url` names the folder (libcurl selects it first when needed) and,
    /// for a fetch, the UID; `customRequest` is any other command. Blocks until the tagged reply.
    func perform(url: String, customRequest: String?, transfer: IMAPTransfer) throws(IMAPError) -> (result: CURLcode, newConnections: Int, errorText: String) {
        try set(CURLOPT_URL, url)
        if let customRequest {
            try set(CURLOPT_CUSTOMREQUEST, customRequest)
        } else {
            try check(keepsake_curl_setopt_pointer(raw, CURLOPT_CUSTOMREQUEST, nil), CURLOPT_CUSTOMREQUEST)
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try check(keepsake_curl_setopt_pointer(raw, CURLOPT_WRITEDATA, context), CURLOPT_WRITEDATA)
        try check(keepsake_curl_setopt_pointer(raw, CURLOPT_DEBUGDATA, context), CURLOPT_DEBUGDATA)
        errorBuffer[0] = 0
        let result = withExtendedLifetime(transfer) { curl_easy_perform(raw) }
        var connections = 0
        _ = keepsake_curl_getinfo_long(raw, CURLINFO_NUM_CONNECTS, &connections)
        return (result, connections, String(cString: errorBuffer))
    }

    /// Shuts the live connection down at the socket, so that cleanup cannot wait on a server that
    /// stopped answering.
    func abandonConnection() {
        var socket = curl_socket_t(-1)
        if keepsake_curl_getinfo_socket(raw, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket >= 0 {
            _ = shutdown(socket, Int32(SHUT_RDWR))
        }
    }

    private func set(_ option: CURLoption, _ value: Int) throws(IMAPError) {
        try check(keepsake_curl_setopt_long(raw, option, value), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(IMAPError) {
        try check(keepsake_curl_setopt_string(raw, option, value), option)
    }

    private func check(_ result: CURLcode, _ option: CURLoption) throws(IMAPError) {
        guard result == CURLE_OK else {
            throw IMAPError(.curlUnusable, "libcurl refused IMAP option \(option.rawValue): \(String(cString: curl_easy_strerror(result)))")
        }
    }
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
