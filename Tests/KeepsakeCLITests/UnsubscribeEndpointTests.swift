import Foundation
import KeepsakeTestSupport
import Mail
import Store
import Testing

/// One-click unsubscribe (RFC 8058) against the real listener of a real `keepsake run`, with the
/// real curl: links taken from messages the relay captured.
@Suite("One-click unsubscribe, end to end", .serialized)
struct UnsubscribeEndpointTests {
    /// Windows (10:00–20:00) are open in UTC, Tehran and Riyadh; birthdays are today.
    static let noon = "2026-06-15T12:00:00Z"
    /// g00000 en/UTC, g00001 fa-IR/Tehran, g00002 ar-SA/Riyadh, and so on; every tenth opted out.
    static let zones = ["UTC", "Asia/Tehran", "Asia/Riyadh"]

    @Test("""
        every message carries the one-click headers and a visible link; GET shows the page in the customer's language \
        (fa, ar right to left) whose button posts to the same link; POST withdraws consent once with source, IP and time, \
        answers 200 without redirect or cookie, and a repeat writes nothing
        """)
    func oneClickFromACapturedMessage() throws {
        let fixture = try DaemonFixture(generated: 12, birthday: "06-15", samples: false, zones: Self.zones)
        let daemon = try ListeningDaemon(fixture, now: Self.noon)
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()
        let messages = try fixture.capturedByRecipient()
        try #require(messages.count == 11, "sent: \(messages.keys.sorted())")
        for (address, message) in messages {
            let link = try #require(message.oneClickLink, "\(address): no https List-Unsubscribe")
            #expect(link.hasPrefix("https://shop.example/keepsake/u/"))
            #expect(message.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
            #expect(message.text?.contains(link) == true, "\(address): the text part does not show the link")
            #expect(message.html?.contains("href=\"\(link)\"") == true, "\(address): the HTML part does not link to it")
        }

        // GET: the page in each language, its form posting to the very link of the message.
        let pages: [(String, String, String)] = [
            ("gen0@keepsake.test", #"<html lang="en">"#, "Unsubscribe"),
            ("gen1@keepsake.test", #"<html lang="fa" dir="rtl">"#, "لغو اشتراک"),
            ("gen2@keepsake.test", #"<html lang="ar" dir="rtl">"#, "إلغاء الاشتراك"),
        ]
        for (address, htmlTag, button) in pages {
            let link = try #require(messages[address]?.oneClickLink)
            let page = try Curl.request("GET", try daemon.local(link))
            #expect(page.status == 200, "\(address): \(page.status) \(page.body)")
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.body.contains(htmlTag), "\(address): \(page.body.prefix(300))")
            #expect(page.body.contains("<form method=\"post\" action=\"\(link)\">"), "\(address): the form does not post to the link")
            #expect(page.body.contains(#"<input type="hidden" name="List-Unsubscribe" value="One-Click">"#))
            #expect(page.body.contains("<button type=\"submit\">\(button)</button>"))
            #expect(!page.body.contains("dir=\"rtl\"") || htmlTag.contains("rtl"))
            #expect(try Curl.request("HEAD", try daemon.local(link)).status == 200)
            // A HEAD answer ends with its headers: no body follows.
            let connection = try RawConnection(port: daemon.port)
            let path = String(try daemon.local(link).dropFirst(daemon.url("").count))
            connection.send("HEAD \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let answer = String(decoding: connection.receiveUntilClosed(), as: UTF8.self)
            #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n") && answer.hasSuffix("\r\n\r\n"), "\(answer)")
        }

        // POST from the Persian customer's message, through a reverse proxy on loopback.
        let store = try KeepsakeStore(path: fixture.database)
        let persian = try EmailAddress("gen1@keepsake.test")
        let eventsBefore = try store.consentLog(email: nil).count
        let link = try #require(messages["gen1@keepsake.test"]?.oneClickLink)
        let started = Date()
        let posted = try Curl.request(
            "POST", try daemon.local(link), headers: ["X-Forwarded-For: 198.51.100.1, 203.0.113.7"],
            body: "List-Unsubscribe=One-Click")
        #expect(posted.status == 200, "\(posted.status) \(posted.body)")
        #expect(posted.headers["location"] == nil && posted.headers["set-cookie"] == nil)
        #expect(posted.body.contains(#"<html lang="fa" dir="rtl">"#) && posted.body.contains("انجام شد"), "\(posted.body)")
        #expect(posted.body.contains("۲۰۲۶"), "the date is not in Persian digits: \(posted.body)")
        #expect(try store.currentConsent(email: persian) == .optedOut)
        let event = try #require(try store.consentLog(email: persian).last)
        #expect(event.status == .optedOut && event.source == "one-click unsubscribe")
        #expect(event.ip == "203.0.113.7", "the address a trusted proxy forwarded: \(event.ip ?? "none")")
        #expect(event.reference == "campaign birthday" && event.customerID == "g00001")
        // The daemon's clock started at noon and runs on.
        let occurred = try #require(ISO8601DateFormatter.withFractions.date(from: event.occurredAt))
        let elapsed = Date().timeIntervalSince(started) + 600
        #expect(occurred >= Instants.parse(Self.noon) && occurred <= Instants.parse(Self.noon).addingTimeInterval(elapsed + 600),
                "\(event.occurredAt)")
        #expect(try store.consentLog(email: nil).count == eventsBefore + 1)

        // Again, as a mail client sends it (multipart): the same answer, nothing more written.
        let again = try Curl.request("POST", try daemon.local(link), options: ["-F", "List-Unsubscribe=One-Click"])
        #expect(again.status == 200 && again.body.contains("انجام شد"))
        #expect(try store.consentLog(email: nil).count == eventsBefore + 1)
        if case .broken(let sequence, let reason) = try store.verifyConsentLedger() {
            Issue.record("the consent ledger no longer verifies at \(sequence): \(reason)")
        }
        #expect(daemon.daemon.log().contains("msg=unsubscribed"))
        try daemon.stop()
    }

    @Test("forged, truncated and replayed-for-another-customer tokens get 404 with the body of any unknown path, and write nothing")
    func badTokens() throws {
        let fixture = try DaemonFixture(generated: 3, birthday: "06-15", samples: false, zones: Self.zones)
        let daemon = try ListeningDaemon(fixture, now: Self.noon)
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()
        let messages = try fixture.capturedByRecipient()
        let link = try #require(messages["gen0@keepsake.test"]?.oneClickLink)
        let token = String(try #require(link.split(separator: "/").last))
        let store = try KeepsakeStore(path: fixture.database)
        let events = try store.consentLog(email: nil).count

        let unknownPath = try Curl.request("GET", daemon.url("/no/such/page"))
        #expect(unknownPath.status == 404)
        var forged = Array(token)
        forged[forged.count / 2] = forged[forged.count / 2] == "A" ? "B" : "A"
        let otherCustomer = try Self.splice(token: token, customerID: "g00001")
        let tokens = [String(forged), String(token.dropLast(4)), String(token.prefix(20)), otherCustomer, token + "A", "", "x"]
        for bad in tokens {
            for method in ["GET", "POST"] {
                let reply = try Curl.request(method, daemon.url("/u/" + bad), body: method == "POST" ? "List-Unsubscribe=One-Click" : nil)
                #expect(reply.status == 404, "\(method) \(bad): \(reply.status)")
                #expect(reply.body == unknownPath.body && reply.headers["content-type"] == unknownPath.headers["content-type"],
                        "\(method) \(bad): \(reply.body)")
            }
        }
        #expect(unknownPath.body == "Not found\n")
        #expect(try store.consentLog(email: nil).count == events)
        #expect(try store.currentConsent(email: try EmailAddress("gen1@keepsake.test")) == .optedIn)
        try daemon.stop()
    }

    @Test("""
        garbage gets clear refusals and writes nothing: an oversized body (413), wrong methods (405), bad form bodies (400), \
        huge or too many headers (400), and slow clients, stalled or trickling, cut off without an answer
        """)
    func garbageRequests() throws {
        let fixture = try DaemonFixture(generated: 3, birthday: "06-15", samples: false, zones: Self.zones)
        let daemon = try ListeningDaemon(fixture, now: Self.noon)
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()
        let link = try #require(try fixture.capturedByRecipient()["gen0@keepsake.test"]?.oneClickLink)
        let url = try daemon.local(link)
        let store = try KeepsakeStore(path: fixture.database)
        let events = try store.consentLog(email: nil).count

        let big = "List-Unsubscribe=One-Click&padding=" + String(repeating: "x", count: 2_000)
        let tooLarge = try Curl.request("POST", url, body: big)
        #expect(tooLarge.status == 413 && tooLarge.body.contains("at most 1024 bytes"), "\(tooLarge.status) \(tooLarge.body)")
        let chunked = try Curl.request("POST", url, headers: ["Transfer-Encoding: chunked"], body: big)
        #expect(chunked.status == 413, "chunked: \(chunked.status) \(chunked.body)")

        for method in ["PUT", "DELETE", "PATCH", "OPTIONS"] {
            let reply = try Curl.request(method, url)
            #expect(reply.status == 405 && reply.headers["allow"] == "GET, HEAD, POST", "\(method): \(reply.status) \(reply.headers)")
        }
        #expect(try Curl.request("POST", daemon.url("/metrics")).status == 405)
        #expect(try Curl.request("DELETE", daemon.url("/healthz")).headers["allow"] == "GET, HEAD")

        let badForms: [(headers: [String], body: String)] = [
            ([], "List-Unsubscribe=Two-Click"), ([], ""), ([], "unsubscribe=yes"),
            (["Content-Type: application/json"], #"{"List-Unsubscribe":"One-Click"}"#),
            (["Content-Type: text/plain"], "List-Unsubscribe=One-Click"),
            (["Content-Type: multipart/form-data; boundary=b"], "List-Unsubscribe=One-Click"),
        ]
        for form in badForms {
            let reply = try Curl.request("POST", url, headers: form.headers, body: form.body)
            #expect(reply.status == 400 && reply.body.hasPrefix("Bad request: "), "\(form): \(reply.status) \(reply.body)")
        }

        let hugeHeader = try Curl.request("GET", url, headers: ["X-Padding: " + String(repeating: "y", count: 20_000)])
        #expect(hugeHeader.status == 400 || hugeHeader.status == 431, "huge header: \(hugeHeader.status)")
        let manyHeaders = try Curl.request("GET", url, headers: (0..<150).map { "X-Header-\($0): \($0)" })
        #expect(manyHeaders.status == 400 || manyHeaders.status == 431, "150 headers: \(manyHeaders.status)")

        // A client that sends half a request and stalls is disconnected without an answer.
        let path = String(url.dropFirst("http://127.0.0.1:\(daemon.port)".count))
        let stalled = try RawConnection(port: daemon.port)
        stalled.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 26\r\n\r\nList-Uns")
        var answer: [UInt8] = []
        var closed = false
        let patience = Date().addingTimeInterval(Daemon.patience)
        while !closed && Date() < patience {
            let received = stalled.receive()
            answer += received.bytes
            closed = received.closed
        }
        #expect(closed && answer.isEmpty, "a stalled client was answered or kept: \(String(decoding: answer, as: UTF8.self))")

        // One that trickles a byte a second (its 40-byte body would take 40 s) is cut off before the end.
        let trickling = try RawConnection(port: daemon.port)
        trickling.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 40\r\n\r\n")
        let body = Array("List-Unsubscribe=One-Click&x=0123456789a")
        var sent = 0
        while sent < body.count, trickling.send(String(body[sent])) {
            sent += 1
            let received = trickling.receive()
            if received.closed { break }
            #expect(received.bytes.isEmpty)
        }
        #expect(sent < body.count, "the trickling client was allowed to send its whole body")

        #expect(try store.consentLog(email: nil).count == events, "garbage wrote to the consent ledger")
        #expect(try store.currentConsent(email: try EmailAddress("gen0@keepsake.test")) == .optedIn)
        // Still serving after all that.
        #expect(try Curl.request("GET", url).status == 200)
        try daemon.stop()
    }

    @Test("""
        a one-click unsubscribe stops a delivery already recorded as due for the same day: the next tick cancels it,         and no later tick sends to that customer
        """)
    func revocationCancelsAPlannedDelivery() throws {
        let fixture = try DaemonFixture(generated: 6, birthday: "06-15", samples: false, zones: Self.zones)
        // Paused: the ticks record today's birthday deliveries as due, and send nothing.
        #expect(try fixture.keepsake(["pause", "--reason", "test"], files: false).status == 0)
        let daemon = try ListeningDaemon(fixture, now: Self.noon, tick: "1s")
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()
        let store = try KeepsakeStore(path: fixture.database)
        let planned = try store.deliveries(status: .planned)
        let target = try #require(planned.first { $0.customerID == "g00001" }, "\(planned.map(\.customerID))")
        #expect(planned.count == 6 && target.campaignID == "birthday")

        // The customer's own message, sent to a tester's inbox by send-test: the same link the daemon will send.
        let sendTest = try fixture.keepsake([
            "send-test", "--campaign", "birthday", "--customer", "g00001", "--to", "tester@keepsake.test", "--now", Self.noon,
        ])
        try #require(sendTest.status == 0, "\(sendTest.standardError)")
        let link = try #require(try fixture.capturedByRecipient()["tester@keepsake.test"]?.oneClickLink)
        let reply = try Curl.request("POST", try daemon.local(link), body: "List-Unsubscribe=One-Click")
        #expect(reply.status == 200, "\(reply.status) \(reply.body)")
        let event = try #require(try store.consentLog(email: try EmailAddress("gen1@keepsake.test")).last)
        #expect(event.status == .optedOut && event.ip == "127.0.0.1", "\(event)")

        #expect(try fixture.keepsake(["resume"], files: false).status == 0)
        try daemon.daemon.wait("the other deliveries sent") { try store.deliveries(status: .sent).count == 5 }
        let ticks = daemon.daemon.log().components(separatedBy: "msg=tick ").count
        try daemon.waitForTicks(ticks + 2)
        let cancelled = try #require(try store.delivery(id: target.id))
        #expect(cancelled.status == .cancelled, "\(cancelled.status)")
        #expect(cancelled.lastReply == "consent was withdrawn (event \(event.sequence))", "\(cancelled.lastReply ?? "")")
        #expect(cancelled.attempts == 0)
        let recipients = try fixture.server.messages().flatMap(\.recipients)
        #expect(!recipients.contains("gen1@keepsake.test"), "the daemon mailed the customer after the unsubscribe")
        #expect(recipients.filter { $0.hasPrefix("gen") }.count == 5)
        try daemon.stop()
    }

    /// A token whose HMAC is `token`'s but whose customer id is `customerID`.
    static func splice(token: String, customerID: String) throws -> String {
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        let bytes = try #require(Data(base64Encoded: text))
        let customerLength = Int(bytes[1]) << 8 | Int(bytes[2])
        let campaign = bytes[(3 + customerLength)..<(bytes.count - 32)]
        var spliced = Data([1, 0, UInt8(customerID.utf8.count)]) + Data(customerID.utf8) + campaign
        spliced += bytes.suffix(32)
        return spliced.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

extension ISO8601DateFormatter {
    /// `2026-06-15T12:00:05.123Z`, as the store writes instants.
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
