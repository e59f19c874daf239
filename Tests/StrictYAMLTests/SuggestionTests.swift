@testable import StrictYAML
import Testing

@Suite("Did-you-mean suggestions")
struct SuggestionTests {
    @Test(arguments: [
        ("strattls", "starttls"), ("starttl", "starttls"), ("URL", "url"), ("helo-name", "helo_name"), ("usrname", "username"),
    ])
    func nearMissesAreSuggested(typed: String, expected: String) {
        #expect(Suggestion.closest(to: typed, among: ["url", "starttls", "helo_name", "username", "password_file"]) == expected)
    }

    @Test func distantWordsAreNotSuggested() {
        #expect(Suggestion.closest(to: "colour", among: ["url", "starttls"]) == nil)
    }

    @Test func swapsCountAsOneEdit() {
        #expect(Suggestion.editDistance(Array("ab"), Array("ba")) == 1)
        #expect(Suggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
    }
}
