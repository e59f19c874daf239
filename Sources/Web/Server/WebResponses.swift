import HTTPTypes
import Hummingbird
import NIOCore

/// The listener's answers. Refusals are short plain text that says what was wrong and reveals
/// nothing else; every answer forbids caching, and pages forbid framing and referrers (the link
/// in the address bar is the customer's key).
enum WebResponses {
    /// For any unknown path and any token Keepsake did not make: one body for all.
    static let notFound = refusal(.notFound, "Not found")

    /// A body over ``OneClickForm/maximumBodySize``.
    static let tooLarge = refusal(.contentTooLarge, "Request body too large: a one-click unsubscribe is at most 1024 bytes")

    /// A method the path does not answer.
    static func methodNotAllowed(allow: String) -> Response {
        var response = refusal(.methodNotAllowed, "Method not allowed: use \(allow)")
        response.headers[.allow] = allow
        return response
    }

    /// A refusal: `status` and one line of text. The connection is closed after it, so that the
    /// rest of a refused body is not read.
    static func refusal(_ status: HTTPResponse.Status, _ line: String) -> Response {
        var response = text(line + "\n", status: status)
        response.headers[.connection] = "close"
        return response
    }

    /// Plain text.
    static func text(_ text: String, status: HTTPResponse.Status, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(
            status: status,
            headers: [.contentType: contentType, .cacheControl: "no-store", .xContentTypeOptions: "nosniff"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// An HTML page that may not be framed, cached, or leak its address as a referrer.
    static func html(_ page: String, status: HTTPResponse.Status) -> Response {
        var response = text(page, status: status, contentType: "text/html; charset=utf-8")
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
