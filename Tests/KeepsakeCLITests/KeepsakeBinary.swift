import Foundation

/// Runs the built `keepsake` executable as a user would, and collects what it printed.
struct KeepsakeBinary {
    struct Result {
        /// The exit status, or the signal's number when ``crashed``.
        let status: Int32
        let standardOutput: String
        let standardError: String
        /// The child ended by a signal (SIGSEGV, SIGABRT, …) instead of exiting.
        var crashed = false
        /// The child outlived its time limit and was killed.
        var timedOut = false
    }

    /// How long one child may run before it is killed (hostile input must be refused in bounded time).
    static let defaultTimeLimit: TimeInterval = 300

    /// The executable next to the test bundle (`swift build` puts both in the same folder).
    static let url: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("keepsake")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/keepsake")
    }()

    /// Runs `keepsake ARGUMENTS` (or another `executable`, such as systemd-analyze) with `environment`
    /// added to a clean one (no KEEPSAKE_* leaks in). A child still running after `timeLimit` seconds is
    /// killed and reported as ``Result/timedOut``; one ended by a signal as ``Result/crashed``, so a crash
    /// fails one test instead of the test run.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], executable: URL = url,
        timeLimit: TimeInterval = defaultTimeLimit, standardInput: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KEEPSAKE_") }
        base.merge(environment) { _, new in new }
        process.environment = base
        // Files rather than pipes: a chatty child can never block on a full pipe.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        process.standardInput = try standardInput.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeLimit)
        var timedOut = false
        while process.isRunning {
            if Date() >= deadline {
                kill(process.processIdentifier, SIGKILL)
                timedOut = true
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self),
            crashed: !timedOut && process.terminationReason == .uncaughtSignal,
            timedOut: timedOut
        )
    }
}
