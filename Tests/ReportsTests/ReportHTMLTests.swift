import Calendars
import Foundation
import Testing
@testable import Reports

/// The HTML report in Debian's headless Chromium: it loads without a script error, its charts draw
/// (the page marks its body `data-drawn="true"`), and a screenshot is taken, in en and fa.
@Suite struct ReportHTMLTests {
    @Test(arguments: [ReportLocale.english, .persian])
    func theChartsDrawOfflineWithoutScriptErrors(locale: ReportLocale) throws {
        let shop = try GeneratedShop(seed: 7)
        defer { shop.remove() }
        let request = ReportRequest(days: try LocalDate(parsing: "2026-03-01")...LocalDate(parsing: "2026-03-31"), locale: locale)
        let page = try ReportHTML().page(try ReportBuilder(store: shop.store).build(request), locale: locale)
        let file = shop.folder.appendingPathComponent("report-\(locale.rawValue).html")
        try Data(page.utf8).write(to: file)
        // Nothing is fetched: the page has no address of any other file.
        #expect(!page.contains("src=\"http") && !page.contains("href=\"http"))
        #expect(page.contains("<html lang=\"\(locale.rawValue)\" dir=\"\(locale == .english ? "ltr" : "rtl")\">"))
        if locale == .persian { #expect(page.contains("۲۰۲۶-۰۳-۰۱") && page.contains("گروه کنترل")) }

        let dom = try chromium(["--dump-dom", file.absoluteString])
        let body = dom.output.firstMatch(of: /<body[^>]*>/).map { String($0.output) } ?? "no body"
        #expect(body == "<body data-drawn=\"true\">", "\(dom.log.suffix(2_000))")
        #expect(!dom.log.contains("Uncaught"), "\(dom.log)")
        let screenshot = shop.folder.appendingPathComponent("report-\(locale.rawValue).png")
        _ = try chromium(["--screenshot=\(screenshot.path)", "--window-size=1280,2400", file.absoluteString])
        let png = try Data(contentsOf: screenshot)
        #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }

    /// Runs headless Chromium on the page with virtual time (the charts' animations finish without
    /// waiting), returning its standard output and its log (console messages included).
    func chromium(_ arguments: [String]) throws -> (output: String, log: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000",
        ] + arguments
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let logFile = profile.appendingPathComponent("log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: printed, as: UTF8.self), try String(contentsOf: logFile, encoding: .utf8))
    }
}
