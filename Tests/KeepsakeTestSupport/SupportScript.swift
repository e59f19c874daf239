import Foundation

/// Runs a Python script of `Tests/Support` under Debian's Python, its output going through files
/// so that a large answer can never fill a pipe and stall it.
enum SupportScript {
    /// The script failed to run, or exited with a status other than 0.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The script's standard output.
    static func run(_ script: String, _ arguments: [String], scratchDirectory: URL) throws -> Data {
        let scriptURL = TestSupportPaths.supportDirectory.appendingPathComponent(script)
        let standardOutput = scratchDirectory.appendingPathComponent("stdout")
        let standardError = scratchDirectory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: standardOutput.path, contents: nil)
        _ = FileManager.default.createFile(atPath: standardError.path, contents: nil)
        let outputHandle = try FileHandle(forWritingTo: standardOutput)
        let errorHandle = try FileHandle(forWritingTo: standardError)
        defer {
            try? outputHandle.close()
            try? errorHandle.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupportPaths.systemPython)
        process.arguments = [scriptURL.path] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        try process.run()
        process.waitUntilExit()
        let output = (try? Data(contentsOf: standardOutput)) ?? Data()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: standardError, encoding: .utf8)) ?? ""
            throw Failure(description: "\(TestSupportPaths.systemPython) \(scriptURL.path) \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus): \(errors)")
        }
        return output
    }

    /// A new, empty scratch directory.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-check-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
