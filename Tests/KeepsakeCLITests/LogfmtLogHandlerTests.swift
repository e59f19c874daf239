import Foundation
import Logging
import Synchronization
import Testing
@testable import KeepsakeCLI

@Suite("logfmt logs")
struct LogfmtLogHandlerTests {
    private final class Lines: Sendable {
        let storage = Mutex<[String]>([])
        func append(_ line: String) { storage.withLock { $0.append(line) } }
        var all: [String] { storage.withLock { $0 } }
    }

    @Test func stableKeysFirstThenSortedMetadataOnOneLine() {
        let lines = Lines()
        var logger = Logger(label: "smtp") { label in LogfmtLogHandler(component: label, output: lines.append) }
        logger[metadataKey: "campaign"] = "birthday"
        logger.info("delivered", metadata: ["reply": "250 2.0.0 Ok: queued", "customer": "c000001", "note": "a\nb \"c\""])
        let line = try! #require(lines.all.first)
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false)
        let keys = line.split(separator: " ").compactMap { $0.split(separator: "=").first }.prefix(4)
        #expect(Array(keys) == ["time", "level", "component", "msg"])
        #expect(line.contains(" level=info component=smtp msg=delivered campaign=birthday customer=c000001 note=\"a\\nb \\\"c\\\"\" reply=\"250 2.0.0 Ok: queued\"\n"))
    }

    @Test func persianValuesStayReadable() {
        #expect(LogfmtLogHandler.quoted("سارا") == "سارا")
        #expect(LogfmtLogHandler.quoted("سارا کریمی") == "\"سارا کریمی\"")
        #expect(LogfmtLogHandler.quoted("") == "\"\"")
        #expect(LogfmtLogHandler.quoted("x=1") == "\"x=1\"")
        #expect(LogfmtLogHandler.quoted("nul\u{0}") == "\"nul\\u{0}\"")
    }

    @Test func timestampsAreUTCWithMillisecondsPaddedToThreeDigits() {
        #expect(LogfmtLogHandler.timestamp(timespec(tv_sec: 1_795_424_400, tv_nsec: 5_000_000)) == "2026-11-23T09:00:00.005Z")
        #expect(LogfmtLogHandler.timestamp(timespec(tv_sec: 1_795_424_400 + 3_661, tv_nsec: 999_999_999)) == "2026-11-23T10:01:01.999Z")
        #expect(LogfmtLogHandler.timestamp(timespec(tv_sec: 0, tv_nsec: 42_000_000)) == "1970-01-01T00:00:00.042Z")
        let written = LogfmtLogHandler.timestamp()
        #expect(written.count == "2026-11-23T09:00:00.005Z".count)
        #expect(written.hasSuffix("Z"))
    }
}
