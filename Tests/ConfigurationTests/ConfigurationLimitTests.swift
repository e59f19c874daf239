@testable import Configuration
import Foundation
import StrictYAML
import Testing

/// The operator's file is read through StrictYAML, so it is held to the same ``YAMLLimits`` as the
/// campaign files, and a byte that is not UTF-8 is reported at its line and column.
@Suite("Configuration file limits")
struct ConfigurationLimitTests {
    @Test func anAliasBombIsRefusedAtTheAlias() throws {
        var bomb = minimalFile + "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...10 {
            bomb += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let error = try #require(try ConfigurationFixture().error(bomb))
        #expect(error.setting?.code == .limitExceeded)
        #expect(error.description.contains("keepsake.yaml:8:"), "\(error)")
        #expect(error.description.contains("10,000 values (the limit)"))
    }

    @Test func sectionsNestedTooDeepAreRefused() throws {
        let error = try #require(try ConfigurationFixture().error(
            minimalFile + "x: " + String(repeating: "{a: ", count: 50) + "1" + String(repeating: "}", count: 50) + "\n"))
        #expect(error.setting?.code == .limitExceeded)
        #expect(error.description.contains("keepsake.yaml:5:"), "\(error)")
        #expect(error.description.contains("nested more than 32 levels deep"))
    }

    @Test func aFileOverTheSizeLimitIsRefused() throws {
        let error = try #require(try ConfigurationFixture().error(
            minimalFile + "# " + String(repeating: "-", count: YAMLLimits.maximumBytes) + "\n"))
        #expect(error.setting?.code == .limitExceeded)
        #expect(error.description.contains("longer than 1,048,576 bytes"), "\(error.description.prefix(300))")
    }

    @Test func aLatin1ByteIsReportedAtItsLineAndColumn() throws {
        let fixture = try ConfigurationFixture()
        let path = try fixture.write("")
        var data = Data(minimalFile.utf8)
        data.append(contentsOf: Data("# caf".utf8) + [0xE9] + Data("\n".utf8))
        try data.write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigurationError.self) { try fixture.load(path: path) }
        do {
            _ = try fixture.load(path: path)
        } catch {
            #expect(error.code == .unreadableFile)
            #expect(error.description.hasPrefix("\(path):5:6: this file is not UTF-8 text: the byte 0xE9 here"), "\(error)")
        }
    }
}
