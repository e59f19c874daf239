import Foundation
import Synchronization

/// Shows how far a long job has got: a redrawn bar on a terminal, or a plain line every so often
/// when standard error is a file or the journal (no control characters in logs).
///
///     importing customers.csv  [##########··········]  52%  520,000 rows
final class ProgressReporter: Sendable {
    private struct State {
        var lastDrawnPercent = -1
        var lastPlainRows = 0
        var drew = false
    }

    private let label: String
    private let interactive: Bool
    private let plainEvery: Int
    private let state = Mutex(State())

    /// - Parameters:
    ///   - label: what is being done, e.g. `importing customers.csv`.
    ///   - interactive: draw a bar (defaults to whether standard error is a terminal).
    ///   - plainEvery: in plain mode, report every this many rows.
    init(label: String, interactive: Bool = isatty(STDERR_FILENO) == 1, plainEvery: Int = 100_000) {
        self.label = label
        self.interactive = interactive
        self.plainEvery = plainEvery
    }

    /// Reports `rows` records done and `fraction` (0…1) of the input read.
    func update(rows: Int, fraction: Double) {
        state.withLock { state in
            if interactive {
                let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
                guard percent != state.lastDrawnPercent else { return }
                state.lastDrawnPercent = percent
                let filled = percent / 5
                let bar = String(repeating: "#", count: filled) + String(repeating: "·", count: 20 - filled)
                write("\r\(label)  [\(bar)] \(String(percent).leftPadded(to: 3))%  \(Self.grouped(rows)) rows")
                state.drew = true
            } else if rows - state.lastPlainRows >= plainEvery {
                state.lastPlainRows = rows
                write("\(label): \(Self.grouped(rows)) rows read\n")
            }
        }
    }

    /// Ends the bar's line so that what follows starts on a fresh one.
    func finish() {
        if interactive && state.withLock({ $0.drew }) { write("\n") }
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
