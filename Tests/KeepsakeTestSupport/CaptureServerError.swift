import Foundation

/// Why the capture server could not be started or read.
public enum CaptureServerError: Error, CustomStringConvertible {
    case didNotStart(reason: String, standardError: String)
    case exited(status: Int32)
    case timedOut(seconds: TimeInterval)
    case unexpectedOutput(String)
    case unreadableSpoolFile(URL, String)
    case toolFailed(command: String, status: Int32, output: String)
    case conflictingOptions(String)

    public var description: String {
        switch self {
        case .didNotStart(let reason, let standardError):
            return "capture server did not start (\(reason)); its standard error:\n\(standardError)"
        case .exited(let status):
            return "exited with status \(status) before printing READY"
        case .timedOut(let seconds):
            return "no READY line within \(Int(seconds)) s"
        case .unexpectedOutput(let line):
            return "unexpected output \(line.debugDescription)"
        case .unreadableSpoolFile(let file, let problem):
            return "cannot read \(file.path): \(problem)"
        case .toolFailed(let command, let status, let output):
            return "\(command) exited with status \(status):\n\(output)"
        case .conflictingOptions(let problem):
            return "capture server options conflict: \(problem)"
        }
    }
}
