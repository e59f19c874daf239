import Testing

@testable import Web

/// The body of a one-click POST (RFC 8058): what mail clients send is accepted, anything else is
/// refused with a message saying what was expected.
@Suite("One-click form bodies")
struct OneClickFormTests {
    static let urlEncoded = "application/x-www-form-urlencoded"

    @Test("the bodies mail clients and the page's button send are accepted", arguments: [
        ("List-Unsubscribe=One-Click", urlEncoded),
        ("List-Unsubscribe=One-Click\r\n", "application/x-www-form-urlencoded; charset=utf-8"),
        ("List-Unsubscribe=One%2DClick", urlEncoded),
        ("other=1&List-Unsubscribe=One-Click", urlEncoded),
        ("--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n",
         "multipart/form-data; boundary=XyZ"),
        ("--b\r\ncontent-disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--",
         "Multipart/Form-Data; boundary=\"b\""),
    ])
    func accepted(body: String, contentType: String) throws {
        try OneClickForm.check(Array(body.utf8), contentType: contentType)
    }

    @Test("anything else is refused, saying what was expected", arguments: [
        ("", urlEncoded, "expected the form field List-Unsubscribe=One-Click"),
        ("List-Unsubscribe=Two-Click", urlEncoded, "expected the form field"),
        ("List-Unsubscribe=One-Click&List-Unsubscribe=One-Click", urlEncoded, "expected the form field"),
        ("list-unsubscribe=one-click", urlEncoded, "expected the form field"),
        ("List-Unsubscribe", urlEncoded, "expected the form field"),
        ("{\"List-Unsubscribe\":\"One-Click\"}", "application/json", "got Content-Type \"application/json\""),
        ("List-Unsubscribe=One-Click", "", "got Content-Type none"),
        ("--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--", "multipart/form-data", "without a valid boundary"),
        ("One-Click", "multipart/form-data; boundary=b", "does not contain its boundary"),
        ("--b\r\nContent-Disposition: form-data; name=\"Other\"\r\n\r\nOne-Click\r\n--b--", "multipart/form-data; boundary=b", "expected the form field"),
    ])
    func refused(body: String, contentType: String, message: String) {
        #expect {
            try OneClickForm.check(Array(body.utf8), contentType: contentType.isEmpty ? nil : contentType)
        } throws: { error in
            (error as? OneClickForm.Refusal)?.message.contains(message) == true
        }
    }

    @Test("bytes that are not UTF-8 are refused")
    func notUTF8() {
        #expect(throws: OneClickForm.Refusal.self) {
            try OneClickForm.check([0x4C, 0xFF, 0xFE], contentType: Self.urlEncoded)
        }
    }
}
