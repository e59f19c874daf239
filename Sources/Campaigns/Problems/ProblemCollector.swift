internal import StrictYAML

extension CampaignProblem {
    /// The problem a StrictYAML error describes, with the key path in front of the message as
    /// StrictYAML prints it (`trigger.days_before: expected a whole number…`).
    init(_ error: YAMLError) {
        let message = error.keyPath.isEmpty ? error.message : "\(error.keyPath): \(error.message)"
        self.init(.named(error.code.description), at: SourceLocation(file: error.file, line: error.line, column: error.column), message)
    }
}

/// Gathers every problem of a load instead of stopping at the first, so that a marketer sees all
/// of them in one `keepsake validate`.
struct ProblemCollector {
    private(set) var problems: [CampaignProblem] = []

    /// Whether an error (not a warning) has been recorded.
    var hasErrors: Bool { problems.contains { $0.severity == .error } }

    mutating func record(_ problem: CampaignProblem) {
        problems.append(problem)
    }

    mutating func record(_ error: YAMLError) {
        problems.append(CampaignProblem(error))
    }

    mutating func record(contentsOf other: ProblemCollector) {
        problems.append(contentsOf: other.problems)
    }

    /// The result of `body`, or nil after recording the ``YAMLError`` or ``CampaignProblem`` it throws.
    mutating func attempt<Value>(_ body: () throws -> Value) -> Value? {
        do {
            return try body()
        } catch let error as YAMLError {
            record(error)
        } catch let problem as CampaignProblem {
            record(problem)
        } catch {
            preconditionFailure("campaign readers throw only YAMLError or CampaignProblem, not \(error)")
        }
        return nil
    }
}
