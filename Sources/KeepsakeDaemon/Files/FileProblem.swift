import Campaigns
import Templates
import Web

/// One problem in the marketers' files, from whichever checker found it.
public struct FileProblem: Comparable, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String
    public var isWarning = false
    /// Lines shown under the problem, such as a condition and a caret.
    public var excerpt: [String] = []

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public init(_ problem: CampaignProblem) {
        self.init(file: problem.file, line: problem.line, column: problem.column, message: problem.message)
        isWarning = problem.severity == .warning
        excerpt = problem.excerpt
    }

    public init(_ problem: TemplateProblem) {
        self.init(file: problem.file, line: problem.line, column: problem.column, message: problem.message)
    }

    public init(_ problem: PageProblem) {
        self.init(file: problem.file, line: problem.line, column: problem.column, message: problem.message)
        isWarning = problem.isWarning
    }

    public static func < (left: FileProblem, right: FileProblem) -> Bool {
        (left.file, left.line, left.column, left.message) < (right.file, right.line, right.column, right.message)
    }

    public static func == (left: FileProblem, right: FileProblem) -> Bool {
        (left.file, left.line, left.column, left.message) == (right.file, right.line, right.column, right.message)
    }

    /// `FILE:LINE:COLUMN: message`, then the excerpt lines.
    public var description: String {
        let head = "\(file):\(line):\(column): \(isWarning ? "warning: " : "")\(message)"
        return ([head] + excerpt).joined(separator: "\n")
    }
}
