import Foundation

/// Runs the `openssl` command line (Debian's openssl package): keys made and read by an
/// implementation other than Keepsake's.
public enum OpenSSL {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The command's standard output.
    public static func run(_ arguments: [String], input: Data = Data()) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-openssl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputFile = directory.appendingPathComponent("in")
        let outputFile = directory.appendingPathComponent("out")
        let errorFile = directory.appendingPathComponent("err")
        try input.write(to: inputFile)
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")): \((try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")")
        }
        return try Data(contentsOf: outputFile)
    }

    public static func text(_ arguments: [String], input: String = "") throws -> String {
        String(decoding: try run(arguments, input: Data(input.utf8)), as: UTF8.self)
    }
}
