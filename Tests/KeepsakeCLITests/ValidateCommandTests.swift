import Foundation
import Testing

/// `keepsake validate` on the shipped samples and on broken copies of them.
@Suite("keepsake validate")
struct ValidateCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A copy of campaigns/ and templates/ in a scratch folder, to break on purpose.
    struct Copy {
        let root: URL
        var campaigns: String { root.appendingPathComponent("campaigns").path }
        var templates: String { root.appendingPathComponent("templates").path }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-validate-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            for folder in ["campaigns", "templates"] {
                try FileManager.default.copyItem(
                    at: repository.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
            }
        }

        func replace(_ old: String, with new: String, in file: String) throws {
            let url = root.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(old), "\(file) no longer contains \(old)")
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }

        func validate(_ extra: [String] = [], environment: [String: String] = [:]) throws -> KeepsakeBinary.Result {
            try KeepsakeBinary.run(["validate", "--campaigns", campaigns, "--templates", templates] + extra, environment: environment)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func theShippedSamplesAreValid() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let result = try copy.validate()
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("ok: 7 campaigns, 8 templates"))
    }

    @Test func everyProblemIsListedWithItsPosition() throws {
        let copy = try Copy()
        defer { copy.remove() }
        try copy.replace("total_spent >= 1000", with: "totl_spent >= 1000", in: "campaigns/birthday.yaml")
        try copy.replace("template: anniversary", with: "template: aniversary", in: "campaigns/anniversary.yaml")
        try copy.replace("{{shop.name}}", with: "{{shop.nmae}}", in: "templates/birthday/en/subject.mustache")
        let result = try copy.validate()
        #expect(result.status == 65)
        let output = result.standardOutput
        #expect(output.contains("birthday.yaml:7:36: unknown field 'totl_spent' (did you mean total_spent?)"), "\(output)")
        #expect(output.contains("anniversary.yaml:6:61:"), "\(output)")
        #expect(output.contains("aniversary"))
        #expect(output.contains("templates/birthday/en/subject.mustache:1:"))
        #expect(output.contains("shop.nmae"))
        #expect(result.standardError.contains("3 errors"))
    }

    @Test func theFromDomainMustBeOneTheOperatorAllows() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let result = try copy.validate(environment: [
            "KEEPSAKE_SENDER_FROM": "Other <news@other.example>", "KEEPSAKE_SENDER_ALLOWED_DOMAINS": "other.example",
        ])
        #expect(result.status == 65)
        #expect(result.standardOutput.contains("calendar.yaml:6:7: from: the domain shop.example is not one the operator allows"))
    }

    @Test(arguments: [
        ("  address: \"12 Valiasr St, Tehran 15948, Iran\"", "  adress: x", "calendar.yaml:11:3: shop.adress: unknown key (did you mean address?)"),
        ("  url: https://shop.example", "  url: shop.example", "shop.url: must be a web address"),
        ("  name: Sahab Shop", "  name: \"  \"", "must not be empty"),
        ("shop:                          # shown", "shopp:                         # shown", "unknown key"),
    ])
    func theShopsDetailsAreChecked(old: String, new: String, expected: String) throws {
        let copy = try Copy()
        defer { copy.remove() }
        try copy.replace(old, with: new, in: "campaigns/calendar.yaml")
        let result = try copy.validate()
        #expect(result.status == 65)
        #expect(result.standardOutput.contains(expected), "\(result.standardOutput)")
    }

    @Test func aMissingFolderIsNamed() throws {
        let result = try KeepsakeBinary.run(["validate", "--campaigns", "/nonexistent/campaigns", "--templates", "/nonexistent/t"])
        #expect(result.status == 65)
        #expect(result.standardOutput.contains("/nonexistent/campaigns"))
    }
}
