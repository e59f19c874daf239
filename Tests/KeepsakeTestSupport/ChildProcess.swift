import Foundation

/// The server process, stoppable from any thread. Its standard input is a pipe this object holds
/// open: if the test process dies, the pipe closes and the server (`--stop-on-stdin-eof`) exits.
final class ChildProcess: @unchecked Sendable {
    private let process: Process
    private let lifeline: Pipe
    private let lock = NSLock()

    private init(process: Process, lifeline: Pipe) {
        self.process = process
        self.lifeline = lifeline
    }

    static func launch(executable: String, arguments: [String], standardOutput: URL, standardError: URL) throws -> ChildProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try Self.newFileHandle(at: standardOutput)
        process.standardError = try Self.newFileHandle(at: standardError)
        let lifeline = Pipe()
        process.standardInput = lifeline
        try process.run()
        return ChildProcess(process: process, lifeline: lifeline)
    }

    private static func newFileHandle(at url: URL) throws -> FileHandle {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return try FileHandle(forWritingTo: url)
    }

    var isRunning: Bool { lock.withLock { process.isRunning } }

    var terminationStatus: Int32 { lock.withLock { process.isRunning ? -1 : process.terminationStatus } }

    /// SIGTERM, then SIGKILL if it is still running after `timeout`; returns once it has exited.
    func stop(within timeout: TimeInterval) {
        lock.withLock {
            if process.isRunning {
                process.terminate()
                let deadline = Date().addingTimeInterval(timeout)
                while process.isRunning && Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.005)
                }
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                }
                process.waitUntilExit()
            }
            try? lifeline.fileHandleForWriting.close()
        }
    }
}
