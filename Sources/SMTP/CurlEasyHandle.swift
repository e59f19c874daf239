import CCurl
import CCurlShim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libcurl's process-wide set-up, done once before any handle exists.
enum CurlGlobal {
    /// `curl_global_init` and `SIGPIPE` ignored, exactly once, before the first sender thread.
    static let initialized: Void = {
        signal(SIGPIPE, SIG_IGN)
        curl_global_init(Int(CURL_GLOBAL_ALL))
    }()
}

/// Owns one libcurl easy handle and its error buffer. Not thread-safe by design: a handle
/// belongs to exactly one thread for its whole life.
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(SMTPTransportError) {
        _ = CurlGlobal.initialized
        guard let raw = curl_easy_init() else {
            throw SMTPTransportError(.curlInitializationFailed, "libcurl could not create a handle (out of memory?)")
        }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// The text libcurl left in the error buffer by the last transfer, if any.
    var lastErrorText: String {
        String(cString: errorBuffer)
    }

    func clearErrorText() {
        errorBuffer[0] = 0
    }

    func set(_ option: CURLoption, _ value: Int) throws(SMTPTransportError) {
        try check(keepsake_curl_setopt_long(raw, option, value), option)
    }

    func set(_ option: CURLoption, _ value: Bool) throws(SMTPTransportError) {
        try set(option, value ? 1 : 0)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(SMTPTransportError) {
        try check(keepsake_curl_setopt_offset(raw, option, curl_off_t(value)), option)
    }

    func set(_ option: CURLoption, _ value: String?) throws(SMTPTransportError) {
        let result = value.map { keepsake_curl_setopt_string(raw, option, $0) }
            ?? keepsake_curl_setopt_pointer(raw, option, nil)
        try check(result, option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(SMTPTransportError) {
        try check(keepsake_curl_setopt_pointer(raw, option, value), option)
    }

    func setReadFunction(_ callback: curl_read_callback) throws(SMTPTransportError) {
        try check(keepsake_curl_setopt_read_function(raw, callback), CURLOPT_READFUNCTION)
    }

    func setDebugFunction(_ callback: curl_debug_callback) throws(SMTPTransportError) {
        try check(keepsake_curl_setopt_debug_function(raw, callback), CURLOPT_DEBUGFUNCTION)
    }

    func info(_ info: CURLINFO) -> Int {
        var value = 0
        return keepsake_curl_getinfo_long(raw, info, &value) == CURLE_OK ? value : 0
    }

    /// Shuts the handle's live connection down at the socket, so that cleanup cannot wait on a
    /// server that stopped answering (libcurl ignores its overall timeout while disconnecting).
    func abandonConnection() {
        var socket = curl_socket_t(-1)
        if keepsake_curl_getinfo_socket(raw, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket >= 0 {
            _ = shutdown(socket, Int32(SHUT_RDWR))
        }
    }

    func perform() -> CURLcode {
        curl_easy_perform(raw)
    }

    private func check(_ result: CURLcode, _ option: CURLoption) throws(SMTPTransportError) {
        guard result == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(result))
            throw SMTPTransportError(.unsupportedOption, "libcurl refused option \(option.rawValue): \(reason)")
        }
    }
}

/// A failure of the transport itself (not of a delivery): libcurl unusable or misconfigured.
public struct SMTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case curlInitializationFailed, unsupportedOption, shutDown
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        public var description: String { base.rawValue }

        /// `curl_easy_init` returned no handle.
        public static let curlInitializationFailed = Code(.curlInitializationFailed)
        /// libcurl refused an option (too old a libcurl, or a build without a feature such as TLS).
        public static let unsupportedOption = Code(.unsupportedOption)
        /// The transport was shut down before the message could be sent.
        public static let shutDown = Code(.shutDown)
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
